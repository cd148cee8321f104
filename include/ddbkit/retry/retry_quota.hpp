#pragma once
// The retry quota: a token bucket that stops retry storms against a failing endpoint.
#include <mutex>
#include <optional>

namespace ddbkit::retry {

/// AWS "standard" retry mode's quota, shared by all calls of one client: every retry
/// must take tokens from the bucket (5, or 10 after a network error or timeout, which
/// are costlier for a struggling endpoint); a successful request puts back what its own
/// retry took, or 1 token when it needed no retry. An empty bucket means "do not retry":
/// when most requests fail, the client falls back to one request per call instead of
/// multiplying its load.
/// Thread safety: all members may be called concurrently.
class retry_quota {
 public:
  static constexpr int retry_cost = 5;
  static constexpr int timeout_retry_cost = 10;
  static constexpr int no_retry_refund = 1;

  explicit retry_quota(int capacity = 500);

  /// Takes the cost of one retry; the tokens taken, or nullopt (nothing taken) when the
  /// bucket holds fewer. `after_timeout_or_network` selects the higher cost.
  std::optional<int> try_acquire(bool after_timeout_or_network);

  /// A request succeeded; `retry_tokens` is what the retry that sent it took (0 for a
  /// first attempt, which then gives back 1). Never fills beyond the capacity.
  void on_success(int retry_tokens);

  int available() const;
  int capacity() const noexcept { return capacity_; }

 private:
  const int capacity_;
  mutable std::mutex mutex_;
  int available_;
};

}  // namespace ddbkit::retry

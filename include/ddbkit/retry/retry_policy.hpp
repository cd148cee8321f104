#pragma once
// Which failures are retried, how often, and how long to wait (DESIGN.md "Retry").
#include <ddbkit/error.hpp>
#include <ddbkit/retry_options.hpp>

#include <chrono>
#include <functional>

namespace ddbkit::retry {

/// The classes of DESIGN.md's retry rules; each has its own attempt budget.
enum class failure_class {
  throttle,   ///< throttled, request_limit_exceeded, limit_exceeded, canceled by throttles only
  transient,  ///< HTTP 5xx, network, timeout
  conflict,   ///< transaction_conflict, transaction_in_progress, canceled by a conflict
  permanent,  ///< everything else: never retried
};

/// The class of `e`, from its code (and, for a canceled transaction, its reasons).
failure_class classify(const error& e) noexcept;

/// Why a failed request is or is not repeated.
enum class verdict {
  retry,            ///< send it again after `delay`
  not_retryable,    ///< permanent error (condition failed, validation, …)
  outcome_unknown,  ///< may have been applied, and repeating it is not harmless
  budget_spent,     ///< the class's attempt budget is used up
};

struct decision {
  retry::verdict verdict;
  /// The wait before the next request; zero unless verdict == retry.
  std::chrono::milliseconds delay{0};
};

/// Uniform random numbers in [0, 1).
using random_source = std::function<double()>;

/// Applies retry_options to one failed request. Pure: time and randomness come in.
/// Thread safety: const member functions are safe to call concurrently when the random
/// source is.
class retry_policy {
 public:
  /// `random` must be callable; it is called once per retry decided.
  retry_policy(retry_options options, random_source random);

  /// Requests at most for a call whose latest failure is of class `c`.
  int budget(failure_class c) const noexcept;

  /// The upper bound of the wait after the n-th request (n ≥ 1):
  /// min(max_delay, base_delay * 2^(n-1)).
  std::chrono::milliseconds delay_bound(int requests_sent) const noexcept;

  /// A full-jitter wait after the n-th request: random(0, delay_bound(n)).
  std::chrono::milliseconds backoff(int requests_sent) const;

  /// What to do after `e`, the failure of the n-th request of a call. `repeat_is_harmless`
  /// allows repeating a request whose outcome is unknown (reads, unconditional writes,
  /// transactions with a token, or a call the caller marked idempotent).
  decision decide(const error& e, int requests_sent, bool repeat_is_harmless) const;

  const retry_options& options() const noexcept { return options_; }

 private:
  retry_options options_;
  random_source random_;
};

}  // namespace ddbkit::retry

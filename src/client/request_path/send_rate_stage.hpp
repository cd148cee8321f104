#pragma once
// Internal: how fast the client sends. The adaptive rate limiter (client_options::retry
// .adaptive) makes a request wait for a send token once DynamoDB has throttled; the retry
// quota (retry.retry_quota) decides whether a retry may be sent at all.
#include "client/request_path/request_runtime.hpp"
#include "client/request_path/stages.hpp"

#include <ddbkit/retry/adaptive_rate_limiter.hpp>
#include <ddbkit/retry/retry_quota.hpp>

#include <optional>

namespace ddbkit::detail {

/// Thread safety: all members may be called concurrently (limiter and quota lock).
class send_rate_stage final : public attempt_stage {
 public:
  /// `limiter` and `quota` may be null (mode off); both must outlive the stage.
  send_rate_stage(retry::adaptive_rate_limiter* limiter, retry::retry_quota* quota, const request_runtime& runtime,
                  attempt_stage& next)
      : limiter_(limiter), quota_(quota), runtime_(runtime), next_(next) {}

  /// Waits for a send token (never past the call's deadline: then `timeout`, not sent),
  /// sends, and tells the limiter whether the answer was a throttle.
  boost::asio::awaitable<attempt_outcome> attempt(call_state& call) override;

  /// Takes the quota's price of retrying after `failure`: for a transient failure 5
  /// tokens, 10 after a network error or timeout; nothing for throttles and conflicts, or
  /// without a quota. nullopt when the bucket cannot pay, i.e. the retry must not be sent.
  std::optional<int> take_retry_tokens(const error& failure);
  /// A request succeeded; `retry_tokens` is what its retry took (0 for a first request).
  void on_success(int retry_tokens);

 private:
  boost::asio::awaitable<attempt_outcome> attempt_paced(call_state& call);

  retry::adaptive_rate_limiter* limiter_;
  retry::retry_quota* quota_;
  const request_runtime& runtime_;
  attempt_stage& next_;
};

}  // namespace ddbkit::detail

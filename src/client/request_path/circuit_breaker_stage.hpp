#pragma once
// Internal: the endpoint's circuit breaker around each attempt. While it is open, requests
// fail fast with `circuit_open` and nothing is sent.
#include "client/request_path/observe_stage.hpp"
#include "client/request_path/request_runtime.hpp"
#include "client/request_path/stages.hpp"

#include <ddbkit/retry/circuit_breaker.hpp>

#include <string>

namespace ddbkit::detail {

/// Thread safety: attempt() may be called concurrently (the breaker locks).
class circuit_breaker_stage final : public attempt_stage {
 public:
  /// `breaker` and `observers` must outlive the stage; `endpoint` names it in messages.
  circuit_breaker_stage(retry::circuit_breaker& breaker, std::string endpoint, const observer_list& observers,
                        const request_runtime& runtime, attempt_stage& next)
      : breaker_(breaker), endpoint_(std::move(endpoint)), observers_(observers), runtime_(runtime), next_(next) {}

  boost::asio::awaitable<attempt_outcome> attempt(call_state& call) override;

 private:
  void report(std::optional<retry::circuit_breaker::state> changed) const;

  retry::circuit_breaker& breaker_;
  const std::string endpoint_;
  const observer_list& observers_;
  const request_runtime& runtime_;
  attempt_stage& next_;
};

/// What an attempt's outcome says about the endpoint: 5xx, network and timeouts are
/// failures; throttles are neutral (busy, not down); any other answer is a success.
retry::health health_of(const std::optional<error>& failure) noexcept;

}  // namespace ddbkit::detail

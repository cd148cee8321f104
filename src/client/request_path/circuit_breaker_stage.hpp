#pragma once
// Internal: the endpoint's circuit breaker around each call (DESIGN.md: call → observer →
// circuit breaker → retry loop). While it is open, calls fail fast with `circuit_open` and
// nothing is sent; a call that ends in a transient failure (its retries spent) counts
// against the endpoint, one that gets an answer for it.
#include "client/request_path/observe_stage.hpp"
#include "client/request_path/request_runtime.hpp"
#include "client/request_path/stages.hpp"

#include <ddbkit/retry/circuit_breaker.hpp>

#include <mutex>
#include <string>

namespace ddbkit::detail {

/// Why the breaker is per call, not per request: a request that fails and is retried to
/// success says the endpoint works; a run of five failed requests is common on a busy but
/// healthy endpoint (at 11 % transient failures, every ~50,000 requests), a run of five
/// calls that each spent their retries is not.
/// Thread safety: run() may be called concurrently (the breaker locks; so does the stage).
class circuit_breaker_stage final : public call_stage {
 public:
  /// `breaker` and `observers` must outlive the stage; `endpoint` names it in messages.
  circuit_breaker_stage(retry::circuit_breaker& breaker, std::string endpoint, const observer_list& observers,
                        const request_runtime& runtime, call_stage& next)
      : breaker_(breaker), endpoint_(std::move(endpoint)), observers_(observers), runtime_(runtime), next_(next) {}

  boost::asio::awaitable<result<void>> run(call_state& call) override;

  /// run() in two halves, for a caller that runs the call itself (request_path's direct
  /// path): admit() before the call's first request (`circuit_open` while the circuit is
  /// open: send nothing), settle() with how the call ended.
  std::optional<error> admit();
  void settle(const call_state& call, const result<void>& outcome);

 private:
  void report(std::optional<retry::circuit_breaker::state> changed) const;

  retry::circuit_breaker& breaker_;
  const std::string endpoint_;
  const observer_list& observers_;
  const request_runtime& runtime_;
  call_stage& next_;
  std::mutex mutex_;
  std::string last_failure_;  ///< the last failure that counted against the endpoint
};

/// What a call's outcome says about the endpoint: a final 5xx, network error or timeout is
/// a failure; running out of attempts on throttles is neutral (busy, not down); any other
/// answer is a success.
retry::health health_of(const std::optional<error>& failure) noexcept;

}  // namespace ddbkit::detail

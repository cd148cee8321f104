#include "client/request_path/circuit_breaker_stage.hpp"

#include "error_builder.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace ddbkit::detail {

retry::health health_of(const std::optional<error>& failure) noexcept {
  if (!failure) return retry::health::success;
  switch (classify(*failure)) {
    case failure_class::throttle: return retry::health::neutral;
    case failure_class::transient: return retry::health::failure;
    default: return retry::health::success;  // the endpoint answered
  }
}

void circuit_breaker_stage::report(std::optional<retry::circuit_breaker::state> changed) const {
  if (!changed) return;
  const auto state = *changed == retry::circuit_breaker::state::open        ? circuit_state::open
                     : *changed == retry::circuit_breaker::state::half_open ? circuit_state::half_open
                                                                            : circuit_state::closed;
  for (const auto& o : observers_) o->on_circuit_state(endpoint_, state);
}

boost::asio::awaitable<attempt_outcome> circuit_breaker_stage::attempt(call_state& call) {
  const auto admission = breaker_.allow(runtime_.steady_clock());
  report(admission.changed_to);
  if (!admission) {
    error open(error_code::circuit_open,
               "the circuit breaker of " + endpoint_ + " is open after consecutive failures; failing fast without sending");
    if (call.previous_failure) error_builder(open).explain("last error: " + std::string(call.previous_failure->message()));
    co_return attempt_outcome::not_sent(std::move(open));
  }
  auto out = co_await next_.attempt(call);
  // A canceled request, or one that never left, tells nothing about the endpoint.
  const bool canceled = out.failure && out.failure->code() == error_code::canceled;
  if (out.sent && !canceled) report(breaker_.record(health_of(out.failure), runtime_.steady_clock()));
  co_return out;
}

}  // namespace ddbkit::detail

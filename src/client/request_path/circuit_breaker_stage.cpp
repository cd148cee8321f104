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

std::optional<error> circuit_breaker_stage::admit() {
  const auto admission = breaker_.allow(runtime_.steady_clock());
  report(admission.changed_to);
  if (admission) return std::nullopt;
  error open(error_code::circuit_open,
             "the circuit breaker of " + endpoint_ + " is open after consecutive failed calls; failing fast without sending");
  std::lock_guard lock(mutex_);
  if (!last_failure_.empty()) error_builder(open).explain("last error: " + last_failure_);
  return open;
}

void circuit_breaker_stage::settle(const call_state& call, const result<void>& outcome) {
  // A canceled call, or one that never sent a request, tells nothing about the endpoint.
  const bool canceled = !outcome && outcome.error().code() == error_code::canceled;
  if (call.used.requests == 0 || canceled) return;
  std::optional<error> failure;
  if (!outcome) failure = outcome.error();
  const auto health = health_of(failure);
  if (health == retry::health::failure) {
    std::lock_guard lock(mutex_);
    last_failure_ = std::string(failure->message());
  }
  report(breaker_.record(health, runtime_.steady_clock()));
}

boost::asio::awaitable<result<void>> circuit_breaker_stage::run(call_state& call) {
  if (auto refused = admit()) co_return std::unexpected(std::move(*refused));
  auto outcome = co_await next_.run(call);
  settle(call, outcome);
  co_return outcome;
}

}  // namespace ddbkit::detail

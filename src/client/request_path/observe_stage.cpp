#include "client/request_path/observe_stage.hpp"

namespace ddbkit::detail {

boost::asio::awaitable<result<void>> observe_stage::run(call_state& call) {
  // Unobserved, the stage hands over the next stage's coroutine itself: not being a
  // coroutine here saves a frame (an allocation Asio's per-thread cache misses) a call.
  if (observers_.empty() && !call.own_observer) return next_.run(call);
  return run_observed(call);
}

boost::asio::awaitable<result<void>> observe_stage::run_observed(call_state& call) {
  const auto info = call.info();
  for (const auto& o : observers_) o->on_call_start(info);
  if (call.own_observer) call.own_observer->on_call_start(info);
  const auto started = runtime_.steady_clock();
  auto outcome = co_await next_.run(call);
  call_result ended{.error = std::nullopt,
                    .attempts = call.used.requests,
                    .latency = std::chrono::duration_cast<std::chrono::nanoseconds>(runtime_.steady_clock() - started),
                    .consumed_capacity = {},
                    .unprocessed = {}};
  if (outcome) {
    ended.consumed_capacity = call.facts.consumed;
    ended.unprocessed = call.facts.unprocessed;
  } else {
    ended.error = outcome.error();
  }
  for (const auto& o : observers_) o->on_call_end(info, ended);
  if (call.own_observer) call.own_observer->on_call_end(info, ended);
  co_return outcome;
}

void observe_stage::attempt(const observer_list& observers, const call_state& call, const attempt_info& info) {
  if (observers.empty() && !call.own_observer) return;
  const auto about = call.info();
  for (const auto& o : observers) o->on_attempt(about, info);
  if (call.own_observer) call.own_observer->on_attempt(about, info);
}

void observe_stage::refused(const observer_list& observers, const call_info& call, const error& e) {
  for (const auto& o : observers) o->on_call_start(call);
  const call_result ended{.error = e, .attempts = 0, .latency = {}, .consumed_capacity = {}, .unprocessed = {}};
  for (const auto& o : observers) o->on_call_end(call, ended);
}

}  // namespace ddbkit::detail

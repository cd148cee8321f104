#include "client/request_path/request_path.hpp"

#include "async/completion_target.hpp"
#include "client/calling_thread.hpp"

namespace ddbkit::detail {

request_path::request_path(const request_path_parts& parts, delivery to, request_runtime runtime)
    : observers_(parts.observers),
      paced_(parts.limiter != nullptr),
      budgeted_(parts.budget != nullptr),
      runtime_(std::move(runtime)),
      signing_(parts.target, parts.credentials, parts.signing_keys, to, runtime_),
      response_(signing_),
      budget_(parts.budget, runtime_, response_),
      // Without a budget its stage is left out: no coroutine frame per request for nothing.
      send_rate_(parts.limiter, parts.quota, runtime_,
                 parts.budget != nullptr ? static_cast<attempt_stage&>(budget_) : response_),
      retry_(send_rate_, parts.observers, runtime_, send_rate_),
      breaker_(parts.breaker, parts.target.endpoint.url(), parts.observers, runtime_, retry_),
      observe_(parts.observers, runtime_, breaker_) {}

bool request_path::direct(const call_state& call) const {
  return observers_.empty() && !call.own_observer && !paced_ &&
         (!budgeted_ || !retry::consumes_capacity(call.operation));
}

result<void> request_path::run_here(call_state& call) {
  if (!direct(call)) return run_on_calling_thread(run(call));
  // The stages' steps in their order (observe and send rate have none without observers
  // and limiter): breaker, then the request through signing and the response stage.
  if (auto refused = breaker_.admit()) return std::unexpected(std::move(*refused));
  std::optional<attempt_outcome> first;
  if (auto answer = signing_.exchange_now(call)) first = response_stage::interpret(call, std::move(*answer));
  if (first && first->sent && !first->failure) {
    retry_.count_success(call, *first);
    const result<void> done;
    breaker_.settle(call, done);
    return done;
  }
  return run_on_calling_thread(after_admission(call, first ? &*first : nullptr));
}

void request_path::start(call_state& call, boost::asio::any_completion_handler<void(direct_start)> then) {
  if (auto refused = breaker_.admit()) {
    std::move(then)(direct_start{.ended = std::unexpected(std::move(*refused)), .ended_at_once = true});
    return;
  }
  // The answer comes on then's executor, with its slot.
  auto target = target_of_handler(then);
  auto on_answer = [this, &call, then = std::move(then)](std::optional<exchange_outcome> answer) mutable {
    if (!answer) return std::move(then)(direct_start{});  // credentials to fetch: the stages do
    direct_start started{.first = response_stage::interpret(call, std::move(*answer))};
    if (started.first->sent && !started.first->failure) {
      retry_.count_success(call, *started.first);
      started.ended.emplace();
      breaker_.settle(call, *started.ended);
      started.first.reset();
    }
    std::move(then)(std::move(started));
  };
  signing_.start_exchange(call, bound_to(std::move(target), std::move(on_answer)));
}

boost::asio::awaitable<result<void>> request_path::after_admission(call_state& call, attempt_outcome* first) {
  auto outcome = co_await retry_.run_from(call, first);
  breaker_.settle(call, outcome);
  co_return outcome;
}

}  // namespace ddbkit::detail

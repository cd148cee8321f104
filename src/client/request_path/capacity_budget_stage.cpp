#include "client/request_path/capacity_budget_stage.hpp"

#include <algorithm>

namespace ddbkit::detail {

boost::asio::awaitable<attempt_outcome> capacity_budget_stage::attempt(call_state& call) {
  if (budget_ == nullptr || !retry::consumes_capacity(call.operation)) co_return co_await next_.attempt(call);
  const auto kind = retry::capacity_kind_of(call.operation);
  const auto now = runtime_.steady_clock();
  std::chrono::nanoseconds wait{0};
  for_each_table(call.table, [&](std::string_view t) { wait = std::max(wait, budget_->acquire(t, kind, now)); });
  if (wait > std::chrono::nanoseconds(0)) {
    const auto held = co_await hold_back(runtime_, wait, now, call.deadline);
    if (held != hold_outcome::go) co_return attempt_outcome::not_sent(held_back_error(held, "the capacity budget"));
  }
  auto out = co_await next_.attempt(call);
  if (out.sent && !out.failure) {
    const auto answered = runtime_.steady_clock();
    if (out.facts.consumed.empty()) {
      for_each_table(call.table, [&](std::string_view t) { budget_->charge(t, kind, 1.0, answered); });
    } else {
      for (const auto& c : out.facts.consumed) budget_->charge(c.table_name, kind, c.units(), answered);
    }
  }
  co_return out;
}

}  // namespace ddbkit::detail

#include "client/request_path/send_rate_stage.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace ddbkit::detail {

boost::asio::awaitable<attempt_outcome> send_rate_stage::attempt(call_state& call) {
  // Without the adaptive limiter there is nothing to pace: the next stage's coroutine is
  // handed over as it is (no frame of this stage's own).
  if (limiter_ == nullptr) return next_.attempt(call);
  return attempt_paced(call);
}

boost::asio::awaitable<attempt_outcome> send_rate_stage::attempt_paced(call_state& call) {
  const auto now = runtime_.steady_clock();
  if (const auto wait = limiter_->acquire(now); wait > std::chrono::nanoseconds(0)) {
    const auto held = co_await hold_back(runtime_, wait, now, call.deadline);
    if (held != hold_outcome::go) co_return attempt_outcome::not_sent(held_back_error(held, "the adaptive rate limiter"));
  }
  auto out = co_await next_.attempt(call);
  if (out.sent) {
    limiter_->on_response(out.failure && classify(*out.failure) == failure_class::throttle, runtime_.steady_clock());
  }
  co_return out;
}

std::optional<int> send_rate_stage::take_retry_tokens(const error& failure) {
  // The quota guards a failing endpoint against retry storms. A throttle or a transaction
  // conflict is an endpoint that works and said "not now": backoff (and the adaptive
  // limiter) pace those retries, and the class budgets bound them.
  if (quota_ == nullptr || classify(failure) != failure_class::transient) return 0;
  const bool costly = failure.code() == error_code::network || failure.code() == error_code::timeout;
  return quota_->try_acquire(costly);
}

void send_rate_stage::on_success(int retry_tokens) {
  if (quota_ != nullptr) quota_->on_success(retry_tokens);
}

}  // namespace ddbkit::detail

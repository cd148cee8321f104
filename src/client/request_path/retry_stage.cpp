#include "client/request_path/retry_stage.hpp"

#include "error_builder.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace ddbkit::detail {
namespace {

namespace asio = boost::asio;

/// The error that ends a call whose deadline passed, carrying what the last request said.
error deadline_passed(const error& last) {
  error e(error_code::timeout, "the call's timeout ran out");
  error_builder(e).explain("last error: " + std::string(last.message())).outcome_unknown(last.outcome_unknown());
  if (!last.request_id().empty()) error_builder(e).request_id(std::string(last.request_id()));
  return e;
}

}  // namespace

void retry_stage::count_success(call_state& call, attempt_outcome& out) {
  ++call.used.requests;
  quota_.on_success(call.retry_tokens);
  call.facts = std::move(out.facts);
}

asio::awaitable<result<void>> retry_stage::run_from(call_state& call, attempt_outcome* first) {
  const bool observed = !observers_.empty() || call.own_observer;
  for (;;) {
    attempt_outcome out;
    if (first != nullptr) {
      out = std::move(*first);
      first = nullptr;
    } else {
      out = co_await next_.attempt(call);
    }
    if (!out.sent) {
      error_builder(*out.failure).attempts(call.used.requests);
      co_return std::unexpected(std::move(*out.failure));
    }
    attempt_info info;
    if (observed) {
      info = attempt_info{.operation = call.operation,
                          .table = call.table,
                          .index = call.index,
                          .attempt = call.used.requests + 1,
                          .error = std::nullopt,
                          .http_status = out.http_status,
                          .latency = out.latency,
                          .request_id = std::move(out.request_id),
                          .consumed_capacity = out.facts.consumed,
                          .unprocessed = out.facts.unprocessed,
                          .retry_delay = std::nullopt,
                          .request_body = call.keep_bodies ? std::string_view(call.body) : std::string_view(),
                          .response_body = out.response_body};
    }
    if (!out.failure) {
      count_success(call, out);
      if (observed) {
        info.unprocessed = call.facts.unprocessed;
        observe_stage::attempt(observers_, call, info);
      }
      co_return result<void>{};
    }

    ++call.used.requests;
    error& failure = *out.failure;
    error_builder(failure).attempts(call.used.requests);
    call.used.count_failure(classify(failure));
    const bool asked_to_stop = co_await cancellation_requested();
    const bool was_canceled = failure.code() == error_code::canceled || asked_to_stop;
    if (was_canceled && failure.code() != error_code::canceled) {
      // The signal raced with a failure: the caller asked to stop, and that is what it gets.
      error stopped(error_code::canceled, "operation canceled");
      error_builder(stopped).explain("last error: " + std::string(failure.message())).attempts(call.used.requests);
      failure = std::move(stopped);
    }
    auto next = was_canceled ? retry::decision{retry::verdict::not_retryable, {}}
                             : call.policy.decide(failure, call.used, call.may_repeat);
    bool out_of_time = false;
    if (next.verdict == retry::verdict::retry && runtime_.steady_clock() + next.delay >= call.deadline) {
      next = {retry::verdict::budget_spent, {}};
      out_of_time = true;
    } else if (next.verdict != retry::verdict::retry && !was_canceled && runtime_.steady_clock() >= call.deadline) {
      out_of_time = true;
    }
    if (next.verdict == retry::verdict::retry) {
      if (auto tokens = quota_.take_retry_tokens(failure)) {
        call.retry_tokens = *tokens;
      } else {
        error_builder(failure).explain("not retried: the client's retry quota is exhausted");
        next = {retry::verdict::budget_spent, {}};
      }
    }
    if (next.verdict == retry::verdict::outcome_unknown) {
      error_builder(failure).explain(
          "not retried: the request may have been applied and repeating it is not known to be harmless; mark the "
          "call idempotent to allow it");
    }
    if (out_of_time) {
      failure = deadline_passed(failure);
      error_builder(failure).attempts(call.used.requests);
    }
    if (observed) {
      if (next.verdict == retry::verdict::retry) info.retry_delay = next.delay;
      info.error = failure;
      observe_stage::attempt(observers_, call, info);
    }
    if (next.verdict != retry::verdict::retry) co_return std::unexpected(std::move(failure));

    call.previous_failure = failure;
    if (next.delay > std::chrono::milliseconds(0) && !co_await sleep_unless_canceled(runtime_, next.delay)) {
      error stopped(error_code::canceled, "canceled while waiting to retry");
      error_builder(stopped).explain("last error: " + std::string(failure.message())).attempts(call.used.requests);
      co_return std::unexpected(std::move(stopped));
    }
  }
}

}  // namespace ddbkit::detail

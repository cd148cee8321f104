// The retry policy: classification, per-class budgets and full-jitter backoff.
#include <ddbkit/cancellation_reason.hpp>
#include <ddbkit/retry/retry_policy.hpp>

#include "error_builder.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <vector>

namespace ddbkit::retry {
namespace {

using std::chrono::milliseconds;

/// A random source that replays `values` in order (and fails the test when it runs out).
random_source replay(std::vector<double> values) {
  return [values = std::move(values), next = std::size_t{0}]() mutable {
    if (next >= values.size()) {
      ADD_FAILURE() << "random source called more often than expected";
      return 0.0;
    }
    return values[next++];
  };
}

error canceled_with(std::vector<std::string> codes) {
  std::vector<cancellation_reason> reasons;
  for (auto& c : codes) reasons.push_back({.code = std::move(c), .message = {}, .item = std::nullopt});
  error e(error_code::transaction_canceled, "canceled");
  ddbkit::detail::error_builder(e).cancellation_reasons(std::move(reasons));
  return e;
}

/// A call that sent `n` requests and failed only with throttles so far.
call_budget_use sent(int n) { return {.requests = n, .transient_failures = 0, .conflict_failures = 0}; }

TEST(retry_policy, classifies_errors_as_design_md_says) {
  EXPECT_EQ(classify(error(error_code::throttled, "")), failure_class::throttle);
  EXPECT_EQ(classify(error(error_code::request_limit_exceeded, "")), failure_class::throttle);
  EXPECT_EQ(classify(error(error_code::limit_exceeded, "")), failure_class::throttle);
  EXPECT_EQ(classify(error(error_code::internal_server_error, "")), failure_class::transient);
  EXPECT_EQ(classify(error(error_code::service_unavailable, "")), failure_class::transient);
  EXPECT_EQ(classify(error(error_code::network, "")), failure_class::transient);
  EXPECT_EQ(classify(error(error_code::timeout, "")), failure_class::transient);
  EXPECT_EQ(classify(error(error_code::transaction_conflict, "")), failure_class::conflict);
  EXPECT_EQ(classify(error(error_code::transaction_in_progress, "")), failure_class::conflict);
  EXPECT_EQ(classify(canceled_with({"None", "TransactionConflict"})), failure_class::conflict);
  EXPECT_EQ(classify(canceled_with({"ThrottlingError", "None"})), failure_class::throttle);
  EXPECT_EQ(classify(canceled_with({"TransactionConflict", "ConditionalCheckFailed"})), failure_class::permanent);
  EXPECT_EQ(classify(canceled_with({"None", "None"})), failure_class::permanent);
  for (auto code : {error_code::conditional_check_failed, error_code::validation, error_code::resource_not_found,
                    error_code::idempotent_parameter_mismatch, error_code::access_denied,
                    error_code::unrecognized_client, error_code::circuit_open}) {
    EXPECT_EQ(classify(error(code, "")), failure_class::permanent) << to_string(code);
  }
}

TEST(retry_policy, throttles_use_the_whole_budget_and_transient_errors_three) {
  retry_policy policy({}, [] { return 0.5; });
  const error throttle(error_code::throttled, "slow down");
  for (int n = 1; n < 10; ++n) EXPECT_EQ(policy.decide(throttle, sent(n), false).verdict, verdict::retry) << n;
  EXPECT_EQ(policy.decide(throttle, sent(10), false).verdict, verdict::budget_spent);

  const error server(error_code::internal_server_error, "oops");
  EXPECT_EQ(policy.decide(server, {.requests = 1, .transient_failures = 1}, false).verdict, verdict::retry);
  EXPECT_EQ(policy.decide(server, {.requests = 2, .transient_failures = 2}, false).verdict, verdict::retry);
  EXPECT_EQ(policy.decide(server, {.requests = 3, .transient_failures = 3}, false).verdict, verdict::budget_spent);

  const error conflict(error_code::transaction_conflict, "");
  EXPECT_EQ(policy.decide(conflict, {.requests = 3, .conflict_failures = 3}, false).verdict, verdict::budget_spent);
  EXPECT_EQ(policy.decide(conflict, {.requests = 2, .conflict_failures = 2}, false).verdict, verdict::retry);
}

TEST(retry_policy, a_class_budget_counts_failures_of_its_class_not_requests) {
  retry_policy policy({}, [] { return 0.5; });
  const error server(error_code::internal_server_error, "oops");
  // Seven throttles and two 5xx so far: the transient budget (3) has one failure left.
  EXPECT_EQ(policy.decide(server, {.requests = 9, .transient_failures = 2}, false).verdict, verdict::retry);
  // ... but max_attempts bounds the requests of the call whatever the class.
  EXPECT_EQ(policy.decide(server, {.requests = 10, .transient_failures = 2}, false).verdict, verdict::budget_spent);
  // Transient failures do not use up the conflict budget, nor the reverse.
  const error conflict(error_code::transaction_conflict, "");
  EXPECT_EQ(policy.decide(conflict, {.requests = 5, .transient_failures = 2, .conflict_failures = 2}, false).verdict,
            verdict::retry);
}

TEST(retry_policy, class_budgets_are_configurable_and_capped_by_max_attempts) {
  retry_policy policy({.max_attempts = 2, .max_transient_attempts = 5, .max_conflict_attempts = 1}, [] { return 0.0; });
  EXPECT_EQ(policy.budget(failure_class::throttle), 2);
  EXPECT_EQ(policy.budget(failure_class::transient), 2);
  EXPECT_EQ(policy.budget(failure_class::conflict), 1);
  EXPECT_EQ(policy.budget(failure_class::permanent), 1);
}

TEST(retry_policy, one_table_classifies_every_code_for_both_retryable_and_the_policy) {
  retry_policy policy({}, [] { return 0.0; });
  for (int i = 0; i <= static_cast<int>(error_code::unknown); ++i) {
    const auto code = static_cast<error_code>(i);
    const error e(code, "");
    const auto c = classify(e);
    EXPECT_EQ(e.retryable(), c != failure_class::permanent) << to_string(code);
    EXPECT_EQ(policy.decide(e, {.requests = 1}, false).verdict == verdict::retry, e.retryable()) << to_string(code);
    EXPECT_NE(to_string(code), "") << i;
  }
  // The codes DESIGN.md names as retryable, and a sample of the permanent ones.
  EXPECT_TRUE(error(error_code::limit_exceeded, "").retryable());
  EXPECT_TRUE(error(error_code::crc_mismatch, "").retryable());
  EXPECT_FALSE(error(error_code::canceled, "").retryable());
  EXPECT_FALSE(error(error_code::blocking_call_on_io_thread, "").retryable());
  EXPECT_FALSE(canceled_with({"TransactionConflict", "ConditionalCheckFailed"}).retryable());
  EXPECT_TRUE(canceled_with({"None", "TransactionConflict"}).retryable());
}

TEST(retry_policy, permanent_errors_are_never_retried) {
  retry_policy policy({}, replay({}));
  EXPECT_EQ(policy.decide(error(error_code::conditional_check_failed, ""), sent(1), true).verdict, verdict::not_retryable);
  EXPECT_EQ(policy.decide(error(error_code::validation, ""), sent(1), true).verdict, verdict::not_retryable);
  EXPECT_EQ(policy.decide(canceled_with({"ConditionalCheckFailed"}), sent(1), true).verdict, verdict::not_retryable);
}

TEST(retry_policy, a_request_that_may_have_been_applied_is_repeated_only_when_harmless) {
  retry_policy policy({}, [] { return 0.25; });
  error reset(error_code::network, "connection reset");
  ddbkit::detail::error_builder(reset).outcome_unknown();
  EXPECT_EQ(policy.decide(reset, sent(1), false).verdict, verdict::outcome_unknown);
  EXPECT_EQ(policy.decide(reset, sent(1), true).verdict, verdict::retry);
  error refused(error_code::network, "connection refused");  // never sent: always repeatable
  EXPECT_EQ(policy.decide(refused, sent(1), false).verdict, verdict::retry);
}

TEST(retry_policy, delays_double_from_the_base_up_to_the_cap) {
  retry_policy policy({.max_attempts = 10, .base_delay = milliseconds(50), .max_delay = milliseconds(1000)},
                      [] { return 0.0; });
  EXPECT_EQ(policy.delay_bound(1), milliseconds(50));
  EXPECT_EQ(policy.delay_bound(2), milliseconds(100));
  EXPECT_EQ(policy.delay_bound(3), milliseconds(200));
  EXPECT_EQ(policy.delay_bound(5), milliseconds(800));
  EXPECT_EQ(policy.delay_bound(6), milliseconds(1000));
  EXPECT_EQ(policy.delay_bound(1000), milliseconds(1000));  // no overflow
}

TEST(retry_policy, full_jitter_scales_the_bound_by_the_random_draw) {
  retry_policy policy({.max_attempts = 10, .base_delay = milliseconds(100), .max_delay = milliseconds(20000)},
                      replay({0.0, 0.5, 0.999, 0.25}));
  EXPECT_EQ(policy.backoff(1), milliseconds(0));
  EXPECT_EQ(policy.backoff(1), milliseconds(50));
  EXPECT_EQ(policy.backoff(3), milliseconds(399));  // bound 400
  EXPECT_EQ(policy.decide(error(error_code::throttled, ""), sent(2), false).delay, milliseconds(50));  // 0.25 * 200
}

RC_GTEST_PROP(retry_policy, every_delay_lies_within_zero_and_the_capped_bound,
              (unsigned base_ms, unsigned cap_ms, unsigned sent)) {
  const auto base = milliseconds(base_ms % 10'000);
  const auto cap = milliseconds(cap_ms % 100'000);
  const int n = static_cast<int>(sent % 200) + 1;
  const double r = *rc::gen::inRange(0, 1'000'000) / 1'000'000.0;
  retry_policy policy({.max_attempts = 10, .base_delay = base, .max_delay = cap}, [r] { return r; });
  const auto d = policy.backoff(n);
  RC_ASSERT(d >= milliseconds(0));
  RC_ASSERT(d <= cap);
  RC_ASSERT(d <= policy.delay_bound(n));
  RC_ASSERT(policy.delay_bound(n) <= cap);
}

}  // namespace
}  // namespace ddbkit::retry

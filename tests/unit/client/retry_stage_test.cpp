// The retry stage alone: budgets, backoff on the runtime's sleep, the quota, the deadline,
// and what observers are told, over a scripted attempt stage.
#include "client/request_path/retry_stage.hpp"
#include "error_builder.hpp"
#include "stage_testing.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/this_coro.hpp>

#include <gmock/gmock.h>

namespace ddbkit {
namespace {

using namespace testing;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct retry_stage_test : ::testing::Test {
  retry_stage_test() : send_rate(nullptr, nullptr, rt.runtime, attempts) {}

  result<void> run(detail::call_state& call) {
    detail::retry_stage stage(send_rate, observers, rt.runtime, attempts);
    return run_to_completion(stage.run(call));
  }

  fake_runtime rt;
  scripted_attempts attempts;
  detail::send_rate_stage send_rate;  // no limiter, no quota: only passes through
  detail::observer_list observers;
};

TEST_F(retry_stage_test, a_success_ends_the_call_after_one_attempt) {
  attempts.succeed();
  auto call = make_call(rt);
  EXPECT_TRUE(run(call));
  EXPECT_EQ(call.used.requests, 1);
  EXPECT_TRUE(rt.slept.empty());
}

TEST_F(retry_stage_test, throttles_are_retried_with_full_jitter_backoff) {
  attempts.fail(error(error_code::throttled, "slow down")).fail(error(error_code::throttled, "slow down")).succeed();
  auto call = make_call(rt);
  EXPECT_TRUE(run(call));
  EXPECT_EQ(attempts.asked, 3);
  EXPECT_THAT(rt.slept, ElementsAre(25ms, 50ms));  // draw 0.5 of 50 ms, then of 100 ms
}

TEST_F(retry_stage_test, transient_failures_are_limited_by_their_own_count) {
  for (int i = 0; i < 4; ++i) attempts.fail(error(error_code::throttled, "slow down"));
  for (int i = 0; i < 3; ++i) attempts.fail(error(error_code::internal_server_error, "oops"));
  auto call = make_call(rt);
  auto done = run(call);
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code(), error_code::internal_server_error);
  EXPECT_EQ(done.error().attempts(), 7);
  EXPECT_EQ(call.used.transient_failures, 3);
}

TEST_F(retry_stage_test, a_permanent_error_is_returned_at_once) {
  attempts.fail(error(error_code::conditional_check_failed, "no"));
  auto call = make_call(rt);
  auto done = run(call);
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().attempts(), 1);
  EXPECT_EQ(attempts.asked, 1);
}

TEST_F(retry_stage_test, an_attempt_that_was_not_sent_ends_the_call_without_counting) {
  attempts.fail(error(error_code::throttled, "slow down")).fail(error(error_code::circuit_open, "open"), false);
  auto call = make_call(rt);
  auto done = run(call);
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code(), error_code::circuit_open);
  EXPECT_EQ(done.error().attempts(), 1);
}

TEST_F(retry_stage_test, an_unknown_outcome_is_repeated_only_when_harmless) {
  error lost(error_code::network, "reset");
  detail::error_builder(lost).outcome_unknown();
  attempts.fail(lost);
  auto call = make_call(rt);
  auto done = run(call);
  ASSERT_FALSE(done);
  EXPECT_TRUE(done.error().outcome_unknown());
  EXPECT_THAT(std::string(done.error().message()), HasSubstr("may have been applied"));

  attempts.fail(lost).succeed();
  auto harmless = make_call(rt);
  harmless.may_repeat = true;
  EXPECT_TRUE(run(harmless));
  EXPECT_EQ(harmless.used.requests, 2);
}

TEST_F(retry_stage_test, a_backoff_that_would_pass_the_deadline_ends_the_call_with_timeout) {
  attempts.fail(error(error_code::throttled, "slow down")).fail(error(error_code::throttled, "slow down"));
  auto call = make_call(rt);
  call.deadline = rt.now + 60ms;  // the first wait (25 ms) fits, the second (50 ms) does not
  auto done = run(call);
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code(), error_code::timeout);
  EXPECT_EQ(done.error().attempts(), 2);
  EXPECT_THAT(std::string(done.error().message()), HasSubstr("last error: slow down"));
  EXPECT_THAT(rt.slept, ElementsAre(25ms));
}

TEST_F(retry_stage_test, a_canceled_wait_ends_the_call_with_canceled) {
  attempts.fail(error(error_code::throttled, "slow down"));
  rt.sleep_succeeds = false;
  auto call = make_call(rt);
  auto done = run(call);
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code(), error_code::canceled);
  EXPECT_EQ(done.error().attempts(), 1);
}

TEST_F(retry_stage_test, a_cancellation_that_arrives_as_the_wait_ends_stops_the_call_before_the_next_request) {
  // The wait's timer fired, and before the coroutine resumed the caller asked to stop: the
  // call ends as canceled and sends nothing more.
  attempts.fail(error(error_code::throttled, "slow down")).succeed();
  boost::asio::cancellation_signal signal;
  rt.runtime.sleep = [&](std::chrono::milliseconds) -> boost::asio::awaitable<bool> {
    signal.emit(boost::asio::cancellation_type::terminal);
    co_return true;
  };
  detail::retry_stage stage(send_rate, observers, rt.runtime, attempts);
  auto call = make_call(rt);
  boost::asio::io_context io;
  std::optional<result<void>> done;
  std::exception_ptr escaped;
  // As the client runs a call (run_call): cancellation is an outcome, not an exception.
  auto as_the_client_runs_it = [&]() -> boost::asio::awaitable<result<void>> {
    co_await boost::asio::this_coro::throw_if_cancelled(false);
    co_return co_await stage.run(call);
  };
  boost::asio::co_spawn(io, as_the_client_runs_it(),
                        boost::asio::bind_cancellation_slot(signal.slot(), [&](std::exception_ptr e, result<void> r) {
                          escaped = e;
                          done = std::move(r);
                        }));
  io.run();
  EXPECT_FALSE(escaped);
  ASSERT_TRUE(done);
  ASSERT_FALSE(*done);
  EXPECT_EQ(done->error().code(), error_code::canceled) << done->error();
  EXPECT_EQ(done->error().attempts(), 1);
  EXPECT_EQ(attempts.asked, 1);
}

TEST_F(retry_stage_test, an_empty_quota_stops_the_retry_and_says_so) {
  retry::retry_quota quota(5);  // one retry's worth
  detail::send_rate_stage with_quota(nullptr, &quota, rt.runtime, attempts);
  detail::retry_stage stage(with_quota, observers, rt.runtime, attempts);
  attempts.fail(error(error_code::internal_server_error, "a")).fail(error(error_code::internal_server_error, "b"));
  auto call = make_call(rt);
  auto done = run_to_completion(stage.run(call));
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().attempts(), 2);
  EXPECT_THAT(std::string(done.error().message()), HasSubstr("retry quota is exhausted"));
  EXPECT_EQ(quota.available(), 0);
}

TEST_F(retry_stage_test, throttles_cost_the_quota_nothing) {
  retry::retry_quota quota(5);
  detail::send_rate_stage with_quota(nullptr, &quota, rt.runtime, attempts);
  detail::retry_stage stage(with_quota, observers, rt.runtime, attempts);
  for (int i = 0; i < 4; ++i) attempts.fail(error(error_code::throttled, "slow down"));
  attempts.succeed();
  auto call = make_call(rt);
  EXPECT_TRUE(run_to_completion(stage.run(call)));
  EXPECT_EQ(call.used.requests, 5);
  EXPECT_EQ(quota.available(), 5);
}

TEST_F(retry_stage_test, observers_see_each_attempt_with_the_chosen_delay) {
  auto recorder = std::make_shared<recording_observer>();
  observers.push_back(recorder);
  attempts.fail(error(error_code::throttled, "slow down")).succeed();
  auto call = make_call(rt);
  EXPECT_TRUE(run(call));
  EXPECT_THAT(recorder->events, ElementsAre("attempt 1 #7 throttled retry in 25ms", "attempt 2 #7 ok"));
}

}  // namespace
}  // namespace ddbkit

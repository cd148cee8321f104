// The send rate stage alone: the adaptive limiter's wait goes through the runtime's sleep,
// throttles feed the limiter, and the retry quota prices retries.
#include "client/request_path/send_rate_stage.hpp"
#include "stage_testing.hpp"

#include <gmock/gmock.h>

namespace ddbkit {
namespace {

using namespace testing;

struct send_rate_stage_test : ::testing::Test {
  fake_runtime rt;
  scripted_attempts attempts;
};

TEST_F(send_rate_stage_test, without_limiter_and_quota_it_only_passes_through) {
  detail::send_rate_stage stage(nullptr, nullptr, rt.runtime, attempts);
  attempts.succeed();
  auto call = make_call(rt);
  EXPECT_FALSE(run_to_completion(stage.attempt(call)).failure);
  EXPECT_TRUE(rt.slept.empty());
  EXPECT_EQ(stage.take_retry_tokens(error(error_code::throttled, "")), 0);
}

TEST_F(send_rate_stage_test, after_a_throttle_requests_wait_for_send_tokens_on_the_runtime) {
  retry::adaptive_rate_limiter limiter(rt.now);
  detail::send_rate_stage stage(&limiter, nullptr, rt.runtime, attempts);
  auto call = make_call(rt);
  for (int i = 0; i < 20; ++i) {
    attempts.succeed();
    run_to_completion(stage.attempt(call));
    rt.now += 10ms;
  }
  EXPECT_TRUE(rt.slept.empty()) << "nothing waits before the first throttle";
  attempts.fail(error(error_code::throttled, "slow down"));
  run_to_completion(stage.attempt(call));
  EXPECT_TRUE(limiter.enabled());
  for (int i = 0; i < 3; ++i) {
    attempts.succeed();
    run_to_completion(stage.attempt(call));
  }
  EXPECT_FALSE(rt.slept.empty()) << "a burst after the throttle waits for tokens";
}

TEST_F(send_rate_stage_test, a_wait_past_the_deadline_is_not_taken) {
  retry::adaptive_rate_limiter limiter(rt.now);
  detail::send_rate_stage stage(&limiter, nullptr, rt.runtime, attempts);
  auto call = make_call(rt);
  attempts.fail(error(error_code::throttled, "slow down"));
  run_to_completion(stage.attempt(call));
  attempts.succeed();
  run_to_completion(stage.attempt(call));  // takes the bucket's token
  call.deadline = rt.now + 1ms;
  auto out = run_to_completion(stage.attempt(call));
  EXPECT_FALSE(out.sent);
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->code(), error_code::timeout);
  EXPECT_EQ(attempts.asked, 2);
}

TEST_F(send_rate_stage_test, the_quota_charges_more_after_network_errors_and_refunds_on_success) {
  retry::retry_quota quota(20);
  detail::send_rate_stage stage(nullptr, &quota, rt.runtime, attempts);
  EXPECT_EQ(stage.take_retry_tokens(error(error_code::throttled, "")), 0);
  EXPECT_EQ(stage.take_retry_tokens(error(error_code::transaction_conflict, "")), 0);
  EXPECT_EQ(stage.take_retry_tokens(error(error_code::service_unavailable, "")), 5);
  EXPECT_EQ(stage.take_retry_tokens(error(error_code::network, "")), 10);
  EXPECT_EQ(stage.take_retry_tokens(error(error_code::timeout, "")), std::nullopt);  // 5 left
  stage.on_success(10);
  EXPECT_EQ(quota.available(), 15);
}

}  // namespace
}  // namespace ddbkit

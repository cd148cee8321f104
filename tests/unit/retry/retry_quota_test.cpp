// The retry quota (token bucket) of AWS "standard" retry mode.
#include <ddbkit/retry/retry_quota.hpp>

#include <gtest/gtest.h>

namespace ddbkit::retry {
namespace {

TEST(retry_quota, a_retry_costs_five_and_after_a_timeout_ten) {
  retry_quota quota(500);
  EXPECT_EQ(quota.try_acquire(false), 5);
  EXPECT_EQ(quota.available(), 495);
  EXPECT_EQ(quota.try_acquire(true), 10);
  EXPECT_EQ(quota.available(), 485);
}

TEST(retry_quota, an_empty_bucket_refuses_retries_until_successes_refill_it) {
  retry_quota quota(12);
  EXPECT_EQ(quota.try_acquire(false), 5);
  EXPECT_EQ(quota.try_acquire(false), 5);
  EXPECT_EQ(quota.try_acquire(false), std::nullopt);  // 2 left, a retry needs 5
  EXPECT_EQ(quota.try_acquire(true), std::nullopt);
  EXPECT_EQ(quota.available(), 2);
  quota.on_success(0);  // a first attempt succeeded: +1
  quota.on_success(0);
  quota.on_success(0);
  EXPECT_EQ(quota.available(), 5);
  EXPECT_EQ(quota.try_acquire(false), 5);
}

TEST(retry_quota, a_successful_retry_gives_back_what_it_took_but_never_beyond_capacity) {
  retry_quota quota(20);
  auto taken = quota.try_acquire(true);
  ASSERT_EQ(taken, 10);
  quota.on_success(*taken);
  EXPECT_EQ(quota.available(), 20);
  quota.on_success(0);
  quota.on_success(10);
  EXPECT_EQ(quota.available(), 20);
}

TEST(retry_quota, exhausts_after_capacity_over_cost_retries) {
  retry_quota quota(500);
  int granted = 0;
  for (int i = 0; i < 1000 && quota.try_acquire(false); ++i) ++granted;
  EXPECT_EQ(granted, 100);
  EXPECT_EQ(quota.available(), 0);
}

}  // namespace
}  // namespace ddbkit::retry

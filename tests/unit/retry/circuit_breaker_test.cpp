// The per-endpoint circuit breaker, on a fake clock.
#include <ddbkit/retry/circuit_breaker.hpp>

#include <gtest/gtest.h>

namespace ddbkit::retry {
namespace {

using namespace std::chrono_literals;
using state = circuit_breaker::state;

const circuit_breaker::time_point t0 = circuit_breaker::time_point{} + 1000s;

TEST(circuit_breaker, opens_after_five_consecutive_failures) {
  circuit_breaker breaker;
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(breaker.allow(t0));
    breaker.record(health::failure, t0);
  }
  EXPECT_EQ(breaker.current_state(), state::closed);
  breaker.record(health::failure, t0);
  EXPECT_EQ(breaker.current_state(), state::open);
  EXPECT_FALSE(breaker.allow(t0 + 29s));
}

TEST(circuit_breaker, a_success_or_a_4xx_answer_resets_the_count_and_throttles_are_neutral) {
  circuit_breaker breaker;
  for (int i = 0; i < 4; ++i) breaker.record(health::failure, t0);
  breaker.record(health::success, t0);
  for (int i = 0; i < 4; ++i) breaker.record(health::failure, t0);
  breaker.record(health::neutral, t0);  // a throttle neither counts nor resets
  EXPECT_EQ(breaker.consecutive_failures(), 4);
  EXPECT_EQ(breaker.current_state(), state::closed);
  breaker.record(health::failure, t0);
  EXPECT_EQ(breaker.current_state(), state::open);
}

TEST(circuit_breaker, half_opens_after_thirty_seconds_and_closes_after_two_successes) {
  circuit_breaker breaker;
  for (int i = 0; i < 5; ++i) breaker.record(health::failure, t0);
  EXPECT_EQ(breaker.reopens_at(), t0 + 30s);
  EXPECT_FALSE(breaker.allow(t0 + 29999ms));
  EXPECT_TRUE(breaker.allow(t0 + 30s));
  EXPECT_EQ(breaker.current_state(), state::half_open);
  EXPECT_TRUE(breaker.allow(t0 + 30s));  // probes go through
  breaker.record(health::success, t0 + 31s);
  EXPECT_EQ(breaker.current_state(), state::half_open);
  breaker.record(health::success, t0 + 31s);
  EXPECT_EQ(breaker.current_state(), state::closed);
  EXPECT_EQ(breaker.consecutive_failures(), 0);
}

TEST(circuit_breaker, a_failed_probe_opens_it_again_for_the_full_duration) {
  circuit_breaker breaker;
  for (int i = 0; i < 5; ++i) breaker.record(health::failure, t0);
  ASSERT_TRUE(breaker.allow(t0 + 30s));
  breaker.record(health::success, t0 + 30s);
  breaker.record(health::failure, t0 + 31s);
  EXPECT_EQ(breaker.current_state(), state::open);
  EXPECT_FALSE(breaker.allow(t0 + 60s));
  EXPECT_TRUE(breaker.allow(t0 + 61s));
}

TEST(circuit_breaker, numbers_are_configurable_and_it_can_be_disabled) {
  circuit_breaker breaker({.enabled = true, .failure_threshold = 2, .open_duration = 1s, .success_threshold = 1});
  breaker.record(health::failure, t0);
  breaker.record(health::failure, t0);
  EXPECT_FALSE(breaker.allow(t0 + 999ms));
  EXPECT_TRUE(breaker.allow(t0 + 1s));
  breaker.record(health::success, t0 + 1s);
  EXPECT_EQ(breaker.current_state(), state::closed);

  circuit_breaker off({.enabled = false, .failure_threshold = 1, .open_duration = 1s, .success_threshold = 1});
  for (int i = 0; i < 10; ++i) off.record(health::failure, t0);
  EXPECT_TRUE(off.allow(t0));
  EXPECT_EQ(off.current_state(), state::closed);
}

}  // namespace
}  // namespace ddbkit::retry

// The adaptive (CUBIC) client-side rate limiter, on a fake clock.
#include <ddbkit/retry/adaptive_rate_limiter.hpp>

#include <gtest/gtest.h>

namespace ddbkit::retry {
namespace {

using namespace std::chrono_literals;
using time_point = adaptive_rate_limiter::time_point;

/// Sends `count` requests through `limiter`, one every `gap` unless the limiter asks for a
/// longer wait, each answered at once with `throttled`. Returns the time after the last.
time_point send(adaptive_rate_limiter& limiter, time_point now, int count, std::chrono::nanoseconds gap,
                bool throttled) {
  for (int i = 0; i < count; ++i) {
    now += std::max(gap, limiter.acquire(now));
    limiter.on_response(throttled, now);
  }
  return now;
}

TEST(adaptive_rate_limiter, does_not_limit_before_the_first_throttle) {
  adaptive_rate_limiter limiter(time_point{} + 100s);
  auto now = time_point{} + 100s;
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(limiter.acquire(now), 0ns);
    limiter.on_response(false, now);
    now += 1ms;
  }
  EXPECT_FALSE(limiter.enabled());
}

TEST(adaptive_rate_limiter, a_throttle_lowers_the_send_rate_below_the_measured_rate) {
  const auto start = time_point{} + 100s;
  adaptive_rate_limiter limiter(start);
  auto now = send(limiter, start, 100, 50ms, false);  // 20 requests per second for 5 s
  const double measured = limiter.measured_rate();
  EXPECT_NEAR(measured, 20.0, 2.0);
  limiter.on_response(true, now);
  ASSERT_TRUE(limiter.enabled());
  EXPECT_NEAR(limiter.send_rate(), 0.7 * measured, 0.5);

  // A burst now has to wait once the bucket (one second's worth of tokens) is empty:
  // the 40th request waits for the ~26 tokens missing, at the lowered rate.
  const double rate = limiter.send_rate();
  std::chrono::nanoseconds waited{0};
  for (int i = 0; i < 40; ++i) waited = limiter.acquire(now);
  EXPECT_NEAR(std::chrono::duration<double>(waited).count(), (40 - rate) / rate, 0.1);
}

TEST(adaptive_rate_limiter, successes_recover_the_rate_after_throttles) {
  const auto start = time_point{} + 100s;
  adaptive_rate_limiter limiter(start);
  auto now = send(limiter, start, 100, 50ms, false);
  const double before = limiter.measured_rate();
  now = send(limiter, now, 3, 50ms, true);  // three throttles in a row cut it further
  const double lowered = limiter.send_rate();
  EXPECT_LT(lowered, 0.7 * before);

  // The caller keeps sending as fast as allowed; successes raise the rate again.
  double previous = lowered;
  bool rose = false;
  for (int round = 0; round < 30; ++round) {
    now = send(limiter, now, 10, 10ms, false);
    rose = rose || limiter.send_rate() > previous;
    previous = limiter.send_rate();
  }
  EXPECT_TRUE(rose);
  EXPECT_GE(limiter.send_rate(), before);
}

}  // namespace
}  // namespace ddbkit::retry

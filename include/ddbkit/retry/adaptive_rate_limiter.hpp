#pragma once
// The adaptive mode's client-side rate limiter (CUBIC, as in the AWS SDKs' "adaptive"
// retry mode).
#include <chrono>
#include <mutex>

namespace ddbkit::retry {

/// Limits a client's own send rate once DynamoDB has throttled it, so that a hot table is
/// not hammered by retries: a throttle cuts the allowed rate to 70 % of the measured send
/// rate; successes raise it again along a cubic curve (slowly near the rate that was
/// throttled, then faster), never beyond twice the measured rate. Until the first throttle
/// nothing is limited.
///
/// Pure: the caller passes the time, and sleeps for the wait acquire() returns.
/// Thread safety: all members may be called concurrently.
class adaptive_rate_limiter {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  explicit adaptive_rate_limiter(time_point now);

  /// Takes one send token and returns how long to wait before sending (zero while there
  /// is a token, or before the first throttle). Tokens are reserved, not waited for: a
  /// burst of callers gets increasing waits.
  std::chrono::nanoseconds acquire(time_point now);

  /// Feeds back the answer to a request sent: `throttled` for a throttling error.
  void on_response(bool throttled, time_point now);

  /// True once a throttle has been seen: acquire() then limits.
  bool enabled() const;
  /// The allowed send rate in requests per second (meaningful once enabled()).
  double send_rate() const;
  /// The smoothed rate at which responses have been arriving, in requests per second.
  double measured_rate() const;

 private:
  void refill(double now);
  void set_rate(double rate, double now);
  void measure(double now);

  mutable std::mutex mutex_;
  bool enabled_ = false;
  // Token bucket.
  double fill_rate_ = 0.5;
  double capacity_ = 1.0;
  double tokens_ = 1.0;
  double last_refill_;
  // Send-rate measurement, in half-second buckets, exponentially smoothed.
  double measured_rate_ = 0.0;
  double last_bucket_;
  int bucket_count_ = 0;
  // CUBIC state.
  double last_max_rate_ = 0.0;
  double last_throttle_;
  double time_window_ = 0.0;
};

}  // namespace ddbkit::retry

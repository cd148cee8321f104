#include <ddbkit/retry/adaptive_rate_limiter.hpp>

#include <algorithm>
#include <cmath>

namespace ddbkit::retry {
namespace {

// The constants of the AWS SDKs' client rate limiter.
constexpr double beta = 0.7;            // share of the rate kept after a throttle
constexpr double scale_constant = 0.4;  // CUBIC's C
constexpr double smoothing = 0.8;       // weight of the newest measured rate
constexpr double bucket_width = 0.5;    // seconds per measurement bucket
constexpr double min_fill_rate = 0.5;
constexpr double min_capacity = 1.0;

double seconds(adaptive_rate_limiter::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

}  // namespace

adaptive_rate_limiter::adaptive_rate_limiter(time_point now)
    : last_refill_(seconds(now)),
      last_bucket_(std::floor(seconds(now) / bucket_width) * bucket_width),
      last_throttle_(seconds(now)) {}

void adaptive_rate_limiter::refill(double now) {
  if (now > last_refill_) {
    tokens_ = std::min(capacity_, tokens_ + (now - last_refill_) * fill_rate_);
  }
  last_refill_ = std::max(last_refill_, now);
}

void adaptive_rate_limiter::set_rate(double rate, double now) {
  refill(now);
  fill_rate_ = std::max(rate, min_fill_rate);
  capacity_ = std::max(rate, min_capacity);
  tokens_ = std::min(tokens_, capacity_);
}

void adaptive_rate_limiter::measure(double now) {
  const double bucket = std::floor(now / bucket_width) * bucket_width;
  ++bucket_count_;
  if (bucket > last_bucket_) {
    const double current = bucket_count_ / (bucket - last_bucket_);
    measured_rate_ = current * smoothing + measured_rate_ * (1 - smoothing);
    bucket_count_ = 0;
    last_bucket_ = bucket;
  }
}

std::chrono::nanoseconds adaptive_rate_limiter::acquire(time_point now) {
  std::lock_guard lock(mutex_);
  if (!enabled_) return std::chrono::nanoseconds(0);
  refill(seconds(now));
  tokens_ -= 1.0;
  if (tokens_ >= 0) return std::chrono::nanoseconds(0);
  // The debt is paid by the time the bucket has refilled it.
  return std::chrono::ceil<std::chrono::nanoseconds>(std::chrono::duration<double>(-tokens_ / fill_rate_));
}

void adaptive_rate_limiter::on_response(bool throttled, time_point now) {
  std::lock_guard lock(mutex_);
  const double t = seconds(now);
  measure(t);
  double new_rate = 0;
  if (throttled) {
    last_max_rate_ = enabled_ ? std::min(measured_rate_, fill_rate_) : measured_rate_;
    time_window_ = std::cbrt(last_max_rate_ * (1 - beta) / scale_constant);
    last_throttle_ = t;
    new_rate = last_max_rate_ * beta;
    enabled_ = true;
  } else {
    const double dt = t - last_throttle_ - time_window_;
    new_rate = scale_constant * dt * dt * dt + last_max_rate_;
  }
  set_rate(std::min(new_rate, 2 * measured_rate_), t);
}

bool adaptive_rate_limiter::enabled() const {
  std::lock_guard lock(mutex_);
  return enabled_;
}

double adaptive_rate_limiter::send_rate() const {
  std::lock_guard lock(mutex_);
  return fill_rate_;
}

double adaptive_rate_limiter::measured_rate() const {
  std::lock_guard lock(mutex_);
  return measured_rate_;
}

}  // namespace ddbkit::retry

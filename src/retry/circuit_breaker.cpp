#include <ddbkit/retry/circuit_breaker.hpp>

namespace ddbkit::retry {

circuit_breaker::circuit_breaker(circuit_breaker_options options) : options_(options) {}

void circuit_breaker::open(time_point now) {
  state_ = state::open;
  opened_at_ = now;
  successes_ = 0;
}

circuit_breaker::admission circuit_breaker::allow(time_point now) {
  std::lock_guard lock(mutex_);
  if (!options_.enabled || state_ != state::open) return {};
  if (now - opened_at_ < options_.open_duration) return {.allowed = false, .changed_to = std::nullopt};
  state_ = state::half_open;
  successes_ = 0;
  return {.allowed = true, .changed_to = state::half_open};
}

std::optional<circuit_breaker::state> circuit_breaker::record(health h, time_point now) {
  std::lock_guard lock(mutex_);
  if (!options_.enabled || h == health::neutral) return std::nullopt;
  const auto before = state_;
  switch (state_) {
    case state::closed:
      if (h == health::success) {
        failures_ = 0;
      } else if (++failures_ >= options_.failure_threshold) {
        open(now);
      }
      break;
    case state::half_open:
      if (h == health::failure) {
        open(now);
      } else if (++successes_ >= options_.success_threshold) {
        state_ = state::closed;
        failures_ = 0;
      }
      break;
    case state::open:
      // An answer to a request sent before the circuit opened: it changes nothing.
      break;
  }
  if (state_ == before) return std::nullopt;
  return state_;
}

circuit_breaker::state circuit_breaker::current_state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

int circuit_breaker::consecutive_failures() const {
  std::lock_guard lock(mutex_);
  return failures_;
}

circuit_breaker::time_point circuit_breaker::reopens_at() const {
  std::lock_guard lock(mutex_);
  return opened_at_ + options_.open_duration;
}

}  // namespace ddbkit::retry

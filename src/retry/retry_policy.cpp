#include <ddbkit/retry/retry_policy.hpp>

#include <algorithm>
#include <cmath>

namespace ddbkit::retry {

retry_policy::retry_policy(retry_options options, random_source random)
    : options_(options), random_(std::move(random)) {}

int retry_policy::budget(failure_class c) const noexcept {
  const int all = std::max(1, options_.max_attempts);
  switch (c) {
    case failure_class::throttle: return all;
    case failure_class::transient: return std::clamp(options_.max_transient_attempts, 1, all);
    case failure_class::conflict: return std::clamp(options_.max_conflict_attempts, 1, all);
    case failure_class::permanent: return 1;
  }
  return 1;
}

std::chrono::milliseconds retry_policy::delay_bound(int requests_sent) const noexcept {
  const auto cap = std::max<std::int64_t>(0, options_.max_delay.count());
  const auto base = std::max<std::int64_t>(0, options_.base_delay.count());
  // In floating point: base * 2^n overflows any integer long before a sane cap.
  const double exponent = std::max(0, requests_sent - 1);
  const double uncapped = static_cast<double>(base) * std::exp2(std::min(exponent, 1000.0));
  if (uncapped >= static_cast<double>(cap)) return std::chrono::milliseconds(cap);
  return std::chrono::milliseconds(static_cast<std::int64_t>(uncapped));
}

std::chrono::milliseconds retry_policy::backoff(int requests_sent) const {
  const auto bound = delay_bound(requests_sent).count();
  const double r = std::clamp(random_(), 0.0, 1.0);
  // r < 1 gives [0, bound); r == 1 from a sloppy source still stays within the cap.
  return std::chrono::milliseconds(std::min<std::int64_t>(bound, static_cast<std::int64_t>(r * static_cast<double>(bound))));
}

decision retry_policy::decide(const error& e, const call_budget_use& used, bool repeat_is_harmless) const {
  const auto c = classify(e);
  if (c == failure_class::permanent) return {verdict::not_retryable, {}};
  // A request that may have been applied (sent, then reset, timed out or answered with a
  // damaged body) is an ordinary transient failure only when repeating it is harmless.
  if (e.outcome_unknown() && !repeat_is_harmless) return {verdict::outcome_unknown, {}};
  if (used.requests >= budget(failure_class::throttle)) return {verdict::budget_spent, {}};
  if (c == failure_class::transient && used.transient_failures >= budget(c)) return {verdict::budget_spent, {}};
  if (c == failure_class::conflict && used.conflict_failures >= budget(c)) return {verdict::budget_spent, {}};
  return {verdict::retry, backoff(used.requests)};
}

}  // namespace ddbkit::retry

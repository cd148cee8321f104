#include <ddbkit/cancellation_reason.hpp>
#include <ddbkit/retry/retry_policy.hpp>

#include <algorithm>
#include <cmath>

namespace ddbkit::retry {
namespace {

bool is_throttle_reason(const cancellation_reason& r) {
  return r.code == "ThrottlingError" || r.code == "ProvisionedThroughputExceeded";
}

}  // namespace

failure_class classify(const error& e) noexcept {
  switch (e.code()) {
    case error_code::throttled:
    case error_code::request_limit_exceeded:
    case error_code::limit_exceeded:
      return failure_class::throttle;
    case error_code::service_unavailable:
    case error_code::internal_server_error:
    case error_code::network:
    case error_code::timeout:
      return failure_class::transient;
    case error_code::transaction_conflict:
    case error_code::transaction_in_progress:
      return failure_class::conflict;
    case error_code::transaction_canceled: {
      // error::retryable() knows which reason sets are transient; here only the class.
      if (!e.retryable()) return failure_class::permanent;
      const auto reasons = e.cancellation_reasons();
      const bool throttles_only = std::ranges::all_of(
          reasons, [](const cancellation_reason& r) { return r.ok() || is_throttle_reason(r); });
      return throttles_only ? failure_class::throttle : failure_class::conflict;
    }
    default:
      return failure_class::permanent;
  }
}

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

decision retry_policy::decide(const error& e, int requests_sent, bool repeat_is_harmless) const {
  const bool maybe_applied = e.outcome_unknown() &&
                             (e.code() == error_code::network || e.code() == error_code::timeout);
  if (maybe_applied && !repeat_is_harmless) return {verdict::outcome_unknown, {}};
  const auto c = classify(e);
  // A harmless repeat of a request with unknown outcome is an ordinary transient failure;
  // error::retryable() says no to it only because it cannot know the request.
  if (c == failure_class::permanent || (!maybe_applied && !e.retryable())) return {verdict::not_retryable, {}};
  if (requests_sent >= budget(c)) return {verdict::budget_spent, {}};
  return {verdict::retry, backoff(requests_sent)};
}

}  // namespace ddbkit::retry

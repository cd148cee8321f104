#include <ddbkit/retry/retry_quota.hpp>

#include <algorithm>

namespace ddbkit::retry {

retry_quota::retry_quota(int capacity) : capacity_(std::max(0, capacity)), available_(capacity_) {}

std::optional<int> retry_quota::try_acquire(bool after_timeout_or_network) {
  const int cost = after_timeout_or_network ? timeout_retry_cost : retry_cost;
  std::lock_guard lock(mutex_);
  if (available_ < cost) return std::nullopt;
  available_ -= cost;
  return cost;
}

void retry_quota::on_success(int retry_tokens) {
  std::lock_guard lock(mutex_);
  available_ = std::min(capacity_, available_ + (retry_tokens > 0 ? retry_tokens : no_retry_refund));
}

int retry_quota::available() const {
  std::lock_guard lock(mutex_);
  return available_;
}

}  // namespace ddbkit::retry

#include <ddbkit/retry/capacity_budget.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace ddbkit::retry {

capacity_budget::capacity_budget(capacity_budget_options options) : options_(std::move(options)) {
  for (const auto& [table, rate] : options_.tables) {
    auto& pair = buckets_[table];
    pair[static_cast<std::size_t>(capacity_kind::read)].rate = rate.read_units_per_second;
    pair[static_cast<std::size_t>(capacity_kind::write)].rate = rate.write_units_per_second;
  }
}

capacity_budget::bucket* capacity_budget::find(std::string_view table, capacity_kind kind) const {
  auto it = buckets_.find(table);
  if (it == buckets_.end()) return nullptr;
  bucket& b = it->second[static_cast<std::size_t>(kind)];
  return b.rate > 0 ? &b : nullptr;
}

void capacity_budget::refill(bucket& b, time_point now) const {
  const double full = b.rate * std::max(options_.burst_seconds, 0.0);
  if (!b.started) {
    // A new bucket starts full: the first requests of a budgeted table do not wait.
    b.units = full;
    b.updated = now;
    b.started = true;
    return;
  }
  if (now <= b.updated) return;
  const double seconds = std::chrono::duration<double>(now - b.updated).count();
  b.units = std::min(full, b.units + seconds * b.rate);
  b.updated = now;
}

std::chrono::nanoseconds capacity_budget::acquire(std::string_view table, capacity_kind kind, time_point now) {
  std::lock_guard lock(mutex_);
  bucket* b = find(table, kind);
  if (b == nullptr) return std::chrono::nanoseconds(0);
  refill(*b, now);
  if (b->units >= 0) return std::chrono::nanoseconds(0);
  return std::chrono::nanoseconds(static_cast<std::int64_t>(std::ceil(-b->units / b->rate * 1e9)));
}

void capacity_budget::charge(std::string_view table, capacity_kind kind, double units, time_point now) {
  std::lock_guard lock(mutex_);
  bucket* b = find(table, kind);
  if (b == nullptr || !(units > 0)) return;
  refill(*b, now);
  b->units -= units;
}

double capacity_budget::balance(std::string_view table, capacity_kind kind, time_point now) const {
  std::lock_guard lock(mutex_);
  bucket* b = find(table, kind);
  if (b == nullptr) return 0;
  refill(*b, now);
  return b->units;
}

bool consumes_capacity(std::string_view operation) noexcept {
  static constexpr std::array<std::string_view, 13> data{
      "GetItem",      "PutItem",        "UpdateItem",         "DeleteItem",       "Query",
      "Scan",         "BatchGetItem",   "BatchWriteItem",     "TransactGetItems", "TransactWriteItems",
      "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction"};
  return std::ranges::find(data, operation) != data.end();
}

capacity_kind capacity_kind_of(std::string_view operation) noexcept {
  static constexpr std::array<std::string_view, 5> writes{"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
                                                           "TransactWriteItems"};
  return std::ranges::find(writes, operation) != writes.end() ? capacity_kind::write : capacity_kind::read;
}

}  // namespace ddbkit::retry

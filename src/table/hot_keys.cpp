#include <ddbkit/model/common.hpp>
#include <ddbkit/retry/capacity_budget.hpp>
#include <ddbkit/table/hot_keys.hpp>

#include <algorithm>
#include <cmath>

namespace ddbkit {

space_saving::space_saving(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {
  entries_.reserve(capacity_);
  index_.reserve(capacity_);
}

void space_saving::add(std::string_view key, double weight) {
  if (!(weight > 0)) return;
  total_ += weight;
  if (auto it = index_.find(key); it != index_.end()) {
    entries_[it->second].count += weight;
    return;
  }
  if (entries_.size() < capacity_) {
    index_.emplace(std::string(key), entries_.size());
    entries_.push_back({.key = std::string(key), .count = weight, .error = 0});
    return;
  }
  // The smallest counter goes to the new key, which may have had that much already.
  // A linear search: capacities are small (a few hundred), and it runs on evictions only.
  auto smallest = std::ranges::min_element(entries_, {}, &entry::count);
  index_.erase(smallest->key);
  const double floor = smallest->count;
  *smallest = {.key = std::string(key), .count = floor + weight, .error = floor};
  index_.emplace(smallest->key, static_cast<std::size_t>(smallest - entries_.begin()));
}

std::vector<space_saving::entry> space_saving::top(std::size_t k) const {
  std::vector<entry> out = entries_;
  k = std::min(k, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(k), out.end(),
                    [](const entry& a, const entry& b) { return a.count > b.count || (a.count == b.count && a.key < b.key); });
  out.resize(k);
  return out;
}

std::optional<space_saving::entry> space_saving::find(std::string_view key) const {
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  return entries_[it->second];
}

hot_key_detector::hot_key_detector(hot_key_options options) : options_(std::move(options)), start_(now()) {
  options_.tracked_keys = std::max<std::size_t>(options_.tracked_keys, 1);
  if (!(options_.target_utilization > 0)) options_.target_utilization = 1.0;
}

std::chrono::steady_clock::time_point hot_key_detector::now() const {
  return options_.clock ? options_.clock() : std::chrono::steady_clock::now();
}

void hot_key_detector::on_attempt(const call_info& call, const attempt_info& attempt) {
  if (call.partition_key.empty() || call.table.empty()) return;
  const bool throttled = attempt.error && classify(*attempt.error) == failure_class::throttle;
  if (attempt.error && !throttled) return;
  double units = 0;
  for (const auto& c : attempt.consumed_capacity) units += c.units();
  if (attempt.consumed_capacity.empty()) units = 1;  // not reported: count the request
  const bool writes = retry::capacity_kind_of(call.operation) == retry::capacity_kind::write;

  std::lock_guard lock(mutex_);
  auto it = tables_.find(call.table);
  if (it == tables_.end()) it = tables_.try_emplace(std::string(call.table), options_.tracked_keys).first;
  sketches& s = it->second;
  if (throttled) {
    s.throttles.add(call.partition_key);
    return;
  }
  s.capacity.add(call.partition_key, units);
  (writes ? s.writes : s.reads).add(call.partition_key, units);
}

const hot_key_detector::sketches* hot_key_detector::find(std::string_view table) const {
  auto it = tables_.find(table);
  return it == tables_.end() ? nullptr : &it->second;
}

std::vector<hot_key> hot_key_detector::hot_keys(std::string_view table, std::size_t k, hot_key_measure measure) const {
  std::lock_guard lock(mutex_);
  const sketches* s = find(table);
  if (s == nullptr) return {};
  const space_saving& by = measure == hot_key_measure::capacity ? s->capacity
                           : measure == hot_key_measure::reads  ? s->reads
                           : measure == hot_key_measure::writes ? s->writes
                                                                : s->throttles;
  std::vector<hot_key> out;
  for (auto& e : by.top(k)) out.push_back({.key = std::move(e.key), .value = e.count, .error = e.error});
  return out;
}

double hot_key_detector::rate(std::string_view table, std::string_view key, bool writes) const {
  const auto t = now();
  std::lock_guard lock(mutex_);
  const std::chrono::duration<double> elapsed = t - start_;
  const sketches* s = find(table);
  if (s == nullptr) return 0;
  auto e = (writes ? s->writes : s->reads).find(key);
  // At least a second: a burst in the first milliseconds is not a rate.
  return e ? e->count / std::max(elapsed.count(), 1.0) : 0;
}

double hot_key_detector::write_units_per_second(std::string_view table, std::string_view key) const {
  return rate(table, key, true);
}
double hot_key_detector::read_units_per_second(std::string_view table, std::string_view key) const {
  return rate(table, key, false);
}

int hot_key_detector::suggested_shards(std::string_view table, std::string_view key) const {
  const double writes = write_units_per_second(table, key) / (partition_write_units_per_second * options_.target_utilization);
  const double reads = read_units_per_second(table, key) / (partition_read_units_per_second * options_.target_utilization);
  return std::max(1, static_cast<int>(std::ceil(std::max(writes, reads))));
}

std::size_t hot_key_detector::tracked(std::string_view table) const {
  std::lock_guard lock(mutex_);
  const sketches* s = find(table);
  return s == nullptr ? 0 : s->capacity.size() + s->reads.size() + s->writes.size() + s->throttles.size();
}

void hot_key_detector::reset() {
  std::lock_guard lock(mutex_);
  tables_.clear();
  start_ = now();
}

}  // namespace ddbkit

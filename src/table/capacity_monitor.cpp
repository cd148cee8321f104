#include <ddbkit/model/common.hpp>
#include <ddbkit/retry/capacity_budget.hpp>
#include <ddbkit/table/capacity_monitor.hpp>

#include <algorithm>

namespace ddbkit {

namespace {

double per_second(double units, std::chrono::duration<double> span) {
  return span.count() > 0 ? units / span.count() : 0.0;
}

}  // namespace

double capacity_stats::throttle_rate() const noexcept {
  return requests > 0 ? static_cast<double>(throttles) / static_cast<double>(requests) : 0.0;
}
double capacity_stats::read_units_per_second() const noexcept { return per_second(read_units, span); }
double capacity_stats::write_units_per_second() const noexcept { return per_second(write_units, span); }
std::pair<double, double> capacity_stats::average_consumed() const noexcept {
  if (requests == 0) return {0.0, 0.0};
  const auto n = static_cast<double>(requests);
  return {read_units / n, write_units / n};
}

capacity_monitor::capacity_monitor(capacity_monitor_options options) : options_(std::move(options)) {
  options_.slices = std::max(options_.slices, 1);
  options_.window = std::max(options_.window, std::chrono::seconds(1));
  slice_width_ = std::chrono::duration_cast<std::chrono::steady_clock::duration>(options_.window) / options_.slices;
  origin_ = now();
}

std::chrono::steady_clock::time_point capacity_monitor::now() const {
  return options_.clock ? options_.clock() : std::chrono::steady_clock::now();
}

std::int64_t capacity_monitor::slice_number(std::chrono::steady_clock::time_point t) const {
  return t < origin_ ? 0 : static_cast<std::int64_t>((t - origin_) / slice_width_);
}

capacity_monitor::slice& capacity_monitor::current(std::string_view table, std::string_view index,
                                                   std::chrono::steady_clock::time_point t) {
  auto it = series_.find(std::pair<std::string_view, std::string_view>(table, index));
  if (it == series_.end()) {
    it = series_.emplace(key(table, index), series{.ring = std::vector<slice>(static_cast<std::size_t>(options_.slices)),
                                                   .first_seen = t})
             .first;
  }
  const auto number = slice_number(t);
  slice& s = it->second.ring[static_cast<std::size_t>(number % options_.slices)];
  if (s.number != number) s = slice{.number = number};  // an old slice: start it afresh
  return s;
}

void capacity_monitor::on_attempt(const call_info& call, const attempt_info& attempt) {
  if (!retry::consumes_capacity(call.operation)) return;  // table management: no capacity to watch
  const auto t = now();
  std::lock_guard lock(mutex_);
  if (attempt.error) {
    if (classify(*attempt.error) != failure_class::throttle) return;  // only throttles say something about capacity
    for_each_table(call.table, [&](std::string_view table) {
      slice& s = current(table, call.index, t);
      ++s.requests;
      ++s.throttles;
    });
    return;
  }
  const bool writes = retry::capacity_kind_of(call.operation) == retry::capacity_kind::write;
  auto add = [&](std::string_view table, std::string_view index, double units) {
    slice& s = current(table, index, t);
    ++s.requests;
    (writes ? s.write_units : s.read_units) += units;
  };
  if (attempt.consumed_capacity.empty()) {
    for_each_table(call.table, [&](std::string_view table) { add(table, call.index, 0); });
    return;
  }
  for (const auto& c : attempt.consumed_capacity) {
    // The table's own share when DynamoDB splits it out, else the whole request's.
    add(c.table_name, {}, c.table ? c.table->capacity_units.value_or(c.units()) : c.units());
    for (const auto* indexes : {&c.global_secondary_indexes, &c.local_secondary_indexes}) {
      for (const auto& [index, units] : *indexes) add(c.table_name, index, units.capacity_units.value_or(0));
    }
  }
}

capacity_stats capacity_monitor::stats(std::string_view table, std::string_view index) const {
  const auto t = now();
  capacity_stats out;
  std::lock_guard lock(mutex_);
  auto it = series_.find(std::pair<std::string_view, std::string_view>(table, index));
  if (it == series_.end()) return out;
  const auto newest = slice_number(t);
  for (const auto& s : it->second.ring) {
    if (s.number < 0 || s.number > newest || s.number <= newest - options_.slices) continue;
    out.read_units += s.read_units;
    out.write_units += s.write_units;
    out.requests += s.requests;
    out.throttles += s.throttles;
  }
  const std::chrono::duration<double> seen = t - it->second.first_seen;
  const std::chrono::duration<double> window = options_.window;
  // At least one slice: a first request does not make an infinite rate.
  out.span = std::clamp(seen, std::chrono::duration<double>(slice_width_), window);
  return out;
}

double capacity_monitor::throttle_rate(std::string_view table, std::string_view index) const {
  return stats(table, index).throttle_rate();
}

bool capacity_monitor::should_backoff(std::string_view table, std::string_view index) const {
  return throttle_rate(table, index) > options_.throttle_threshold;
}

std::pair<double, double> capacity_monitor::average_consumed(std::string_view table, std::string_view index) const {
  return stats(table, index).average_consumed();
}

std::vector<std::pair<std::string, std::string>> capacity_monitor::watched() const {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(series_.size());
  for (const auto& [k, s] : series_) out.push_back(k);
  return out;
}

}  // namespace ddbkit

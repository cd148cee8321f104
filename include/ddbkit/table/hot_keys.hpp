#pragma once
// Hot-key detection: a fixed-memory heavy-hitter sketch of partition keys per table, fed by
// the observer stage, and the shard count a hot key would need.
#include <ddbkit/observer.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ddbkit {

/// The heaviest keys of a weighted stream in fixed memory: Space-Saving (Metwally, Agrawal
/// and El Abbadi, 2005). It holds at most `capacity` counters; a new key takes over the
/// smallest one and inherits its count as its possible overestimate. Every key whose true
/// weight is above total()/capacity is held, and a held key's count is its true weight
/// plus at most its error.
/// Thread safety: none (hot_key_detector locks around it).
class space_saving {
 public:
  struct entry {
    std::string key;
    double count = 0;  ///< an upper bound of the key's true weight
    double error = 0;  ///< count - error is a lower bound
  };

  explicit space_saving(std::size_t capacity);

  void add(std::string_view key, double weight = 1.0);
  /// The `k` heaviest keys held, heaviest first.
  std::vector<entry> top(std::size_t k) const;
  /// The counter of `key`, when it is held.
  std::optional<entry> find(std::string_view key) const;
  /// Counters in use (never more than capacity()).
  std::size_t size() const noexcept { return entries_.size(); }
  std::size_t capacity() const noexcept { return capacity_; }
  /// The weight of everything added.
  double total() const noexcept { return total_; }

 private:
  struct text_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::size_t capacity_;
  double total_ = 0;
  std::vector<entry> entries_;
  std::unordered_map<std::string, std::size_t, text_hash, std::equal_to<>> index_;
};

/// What hot_keys() ranks by.
enum class hot_key_measure {
  capacity,   ///< consumed units, reads and writes (a request counts 1 unit when none is reported)
  reads,      ///< consumed read units
  writes,     ///< consumed write units
  throttles,  ///< throttled requests
};

struct hot_key {
  std::string key;  ///< the partition key value as text (see call_options::partition_key)
  double value = 0;
  double error = 0;  ///< value overestimates by at most this much
};

struct hot_key_options {
  /// Keys tracked per table and measure: the memory bound, and the accuracy (see
  /// space_saving).
  std::size_t tracked_keys = 128;
  /// The share of a partition's limit a shard should be planned to use.
  double target_utilization = 0.8;
  /// Now; empty for std::chrono::steady_clock.
  std::function<std::chrono::steady_clock::time_point()> clock;
};

/// DynamoDB's throughput limit of one partition.
inline constexpr double partition_write_units_per_second = 1000;
inline constexpr double partition_read_units_per_second = 3000;

/// Watches a client (client_options::observers) and finds its hottest partition keys per
/// table, by consumed capacity and by throttles, in fixed memory: 4 × tracked_keys
/// counters per table, however many keys there are. Keys are known for the calls that
/// name one (call_options::partition_key), which table<T> does for get, put, update and
/// remove; other calls (query, scan, batches) are not attributed to a key.
/// Thread safety: every member may be called concurrently.
class hot_key_detector final : public observer {
 public:
  explicit hot_key_detector(hot_key_options options = {});

  /// The `k` hottest keys of `table` by `measure`, hottest first.
  std::vector<hot_key> hot_keys(std::string_view table, std::size_t k, hot_key_measure measure = hot_key_measure::capacity) const;

  /// The shards `key` of `table` needs for its observed rates since the start (or reset):
  /// max(write units/s ÷ (1,000 × target_utilization), read units/s ÷ (3,000 ×
  /// target_utilization)), rounded up, at least 1.
  int suggested_shards(std::string_view table, std::string_view key) const;
  /// Units per second `key` consumed since the start (or reset); 0 when not tracked.
  double write_units_per_second(std::string_view table, std::string_view key) const;
  double read_units_per_second(std::string_view table, std::string_view key) const;

  /// Counters in use for `table`, over all measures (bounded by 4 × tracked_keys).
  std::size_t tracked(std::string_view table) const;
  /// Forgets everything; rates count from now.
  void reset();

  bool wants_consumed_capacity() const override { return true; }
  void on_attempt(const call_info& call, const attempt_info& attempt) override;

 private:
  struct sketches {
    explicit sketches(std::size_t n) : capacity(n), reads(n), writes(n), throttles(n) {}
    space_saving capacity, reads, writes, throttles;
  };
  std::chrono::steady_clock::time_point now() const;
  double rate(std::string_view table, std::string_view key, bool writes) const;
  const sketches* find(std::string_view table) const;

  hot_key_options options_;
  mutable std::mutex mutex_;
  std::chrono::steady_clock::time_point start_;
  std::map<std::string, sketches, std::less<>> tables_;
};

}  // namespace ddbkit

#pragma once
// Capacity monitoring: an observer that keeps a sliding window of consumed read and write
// units and of throttles, per table and per index.
#include <ddbkit/observer.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ddbkit {

struct capacity_monitor_options {
  /// How far back the figures reach.
  std::chrono::seconds window{60};
  /// The window is kept in this many slices (its resolution): memory per table and index
  /// is fixed, whatever the request rate.
  int slices = 60;
  /// should_backoff() once more than this share of requests is throttled.
  double throttle_threshold = 0.1;
  /// Now; empty for std::chrono::steady_clock.
  std::function<std::chrono::steady_clock::time_point()> clock;
};

/// What a table (or index) consumed within the window.
struct capacity_stats {
  double read_units = 0;
  double write_units = 0;
  /// Requests answered (throttled ones included).
  std::int64_t requests = 0;
  std::int64_t throttles = 0;
  /// The time the figures cover: the window, or less when the first request is newer.
  std::chrono::duration<double> span{0};

  /// throttles / requests; 0 without requests.
  double throttle_rate() const noexcept;
  double read_units_per_second() const noexcept;
  double write_units_per_second() const noexcept;
  /// Mean read and write units per request.
  std::pair<double, double> average_consumed() const noexcept;
};

/// Watches a client (client_options::observers) and tells how much capacity each table
/// and index consumes and how often it is throttled, over a sliding window.
///
/// Fed by the observer stage: every successful request's ConsumedCapacity (while the
/// monitor is attached, requests that leave ReturnConsumedCapacity unset ask for INDEXES,
/// which also splits it per index), and every throttled request (ProvisionedThroughput-
/// Exceeded, ThrottlingException, RequestLimitExceeded), counted for the table and the
/// index the request names. Units go to reads or writes by operation. A batch or
/// transaction counts once per table it names.
/// Thread safety: every member may be called concurrently.
class capacity_monitor final : public observer {
 public:
  explicit capacity_monitor(capacity_monitor_options options = {});

  /// The figures of `table`, or of its index `index`, within the window.
  capacity_stats stats(std::string_view table, std::string_view index = {}) const;
  double throttle_rate(std::string_view table, std::string_view index = {}) const;
  /// Whether the throttle rate is above the threshold: callers should slow down.
  bool should_backoff(std::string_view table, std::string_view index = {}) const;
  /// Mean read and write units per request.
  std::pair<double, double> average_consumed(std::string_view table, std::string_view index = {}) const;
  /// Every (table, index) seen, index empty for the table itself.
  std::vector<std::pair<std::string, std::string>> watched() const;

  bool wants_consumed_capacity() const override { return true; }
  void on_attempt(const call_info& call, const attempt_info& attempt) override;

 private:
  struct slice {
    std::int64_t number = -1;  ///< which slice of time it holds (time / slice width)
    double read_units = 0;
    double write_units = 0;
    std::int64_t requests = 0;
    std::int64_t throttles = 0;
  };
  struct series {
    std::vector<slice> ring;
    std::chrono::steady_clock::time_point first_seen;
  };
  using key = std::pair<std::string, std::string>;  // (table, index)
  /// Orders keys and (string_view, string_view) lookups alike.
  struct key_less {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return std::pair<std::string_view, std::string_view>(a.first, a.second) <
             std::pair<std::string_view, std::string_view>(b.first, b.second);
    }
  };

  std::chrono::steady_clock::time_point now() const;
  std::int64_t slice_number(std::chrono::steady_clock::time_point t) const;
  slice& current(std::string_view table, std::string_view index, std::chrono::steady_clock::time_point t);

  capacity_monitor_options options_;
  std::chrono::steady_clock::duration slice_width_;
  std::chrono::steady_clock::time_point origin_;
  mutable std::mutex mutex_;
  std::map<key, series, key_less> series_;
};

}  // namespace ddbkit

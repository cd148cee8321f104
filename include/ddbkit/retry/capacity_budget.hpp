#pragma once
// A client-side ceiling on the capacity a client consumes per table: a token bucket of
// capacity units, paced before sending.
#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace ddbkit::retry {

/// Units per second a table's reads or writes may consume; 0 (or less) for no limit.
struct capacity_rate {
  double read_units_per_second = 0;
  double write_units_per_second = 0;
};

struct capacity_budget_options {
  /// The tables with a budget, by name; other tables are not paced.
  std::map<std::string, capacity_rate, std::less<>> tables;
  /// How much an idle bucket saves up, in seconds of its rate (the burst after a pause).
  double burst_seconds = 1.0;
};

/// Whether a request reads or writes (by its operation).
enum class capacity_kind { read, write };

/// Keeps each budgeted table's read and write consumption under its rate, for every call
/// of the clients that share it (client_options::capacity_budget).
///
/// A token bucket per table and kind, in capacity units, that may go into debt: a request
/// waits before sending while its bucket is in debt (acquire), and pays what DynamoDB says
/// it consumed once it is answered (charge). What a request will cost is unknown until it
/// is answered, so concurrent requests may overdraw the bucket by their own size; the
/// debt then holds the following ones back, and over any stretch longer than the burst the
/// consumption stays under the rate.
///
/// Pure: the caller passes the time, and sleeps for the wait acquire() returns.
/// Thread safety: all members may be called concurrently.
class capacity_budget {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  explicit capacity_budget(capacity_budget_options options);

  /// How long a request of `kind` on `table` must wait before it is sent: zero when the
  /// table has no budget or its bucket is not in debt.
  std::chrono::nanoseconds acquire(std::string_view table, capacity_kind kind, time_point now);
  /// Pays `units` consumed by a request of `kind` on `table` (nothing for a table without
  /// a budget).
  void charge(std::string_view table, capacity_kind kind, double units, time_point now);
  /// The units in the bucket (negative: debt); for tests and diagnostics. 0 without a budget.
  double balance(std::string_view table, capacity_kind kind, time_point now) const;

  const capacity_budget_options& options() const noexcept { return options_; }

 private:
  struct bucket {
    double rate = 0;  ///< units per second; <= 0: unlimited
    double units = 0;
    time_point updated{};
    bool started = false;
  };
  bucket* find(std::string_view table, capacity_kind kind) const;
  void refill(bucket& b, time_point now) const;

  capacity_budget_options options_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::array<bucket, 2>, std::less<>> buckets_;
};

/// Whether a DynamoDB operation reads or writes items and so consumes capacity (item
/// operations, Query, Scan, batches, transactions, PartiQL); table management and
/// DescribeLimits do not.
bool consumes_capacity(std::string_view operation) noexcept;

/// The kind of a DynamoDB operation ("GetItem" → read, "PutItem" → write); PartiQL
/// statements (whose kind is in their text) count as reads.
capacity_kind capacity_kind_of(std::string_view operation) noexcept;

}  // namespace ddbkit::retry

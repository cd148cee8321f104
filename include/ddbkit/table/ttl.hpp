#pragma once
// Time to live: ttl_table<T> writes expiry times and hides expired items on every read.
#include <ddbkit/table/table.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace ddbkit {

struct ttl_options {
  /// The Number attribute holding the expiry time in epoch seconds.
  std::string attribute;
  /// The lifetime of a put that gives none; empty: such a put is a `validation` error.
  std::optional<std::chrono::seconds> default_lifetime;
  /// "Now", for writes and for hiding expired items; empty for the system clock.
  std::function<std::chrono::system_clock::time_point()> clock;
};

namespace detail {
std::int64_t epoch_seconds(std::chrono::system_clock::time_point t);
/// Whether `i` has expired at `now`, as DynamoDB decides it: its TTL attribute is a Number
/// below `now`. A missing or non-Number attribute never expires.
bool expired(const item& i, std::string_view attribute, std::int64_t now);
/// The filter that keeps what has not expired at `not_before`: the attribute is missing, is
/// not a Number, or is at least `not_before`.
expr::condition alive_at(std::string_view attribute, std::int64_t not_before);
}  // namespace detail

/// A table whose items expire: puts write `options.attribute` (epoch seconds, N), and
/// reads drop items whose time has passed, although DynamoDB may keep them for days after
/// (its deletion is a background sweep): get returns nothing, and query and scan add a
/// filter on the attribute to the caller's own (one placeholder table; the caller's
/// placeholders never collide with it). As in DynamoDB, an item without the attribute, or
/// with one that is not a Number, never expires. (Filtered items still count in
/// scanned_count and consume read capacity, as with any filter.)
/// Thread safety: as table<T>.
template <table_item T>
class ttl_table {
 public:
  ttl_table(table<T> t, ttl_options options)
      : table_(std::move(t)), items_(table_.get_client(), table_.name(), table_.schema()), options_(std::move(options)) {}

  const table<T>& typed() const noexcept { return table_; }
  const ttl_options& options() const noexcept { return options_; }

  /// UpdateTimeToLive: DynamoDB deletes expired items by `options.attribute` from now on.
  /// (A second change within an hour is refused by DynamoDB with a `validation` error.)
  result<void> enable(const call_options& call = {}) const {
    auto done = table_.get_client().update_time_to_live(
        {.table_name = table_.name(), .time_to_live_specification = {.enabled = true, .attribute_name = options_.attribute}},
        call);
    if (!done) return std::unexpected(done.error());
    return {};
  }

  /// DescribeTimeToLive: whether TTL is on, and on which attribute.
  result<time_to_live_description> describe(const call_options& call = {}) const {
    auto described = table_.get_client().describe_time_to_live({.table_name = table_.name()}, call);
    if (!described) return std::unexpected(described.error());
    return described->time_to_live_description.value_or(time_to_live_description{});
  }

  /// Puts `value` expiring `lifetime` from now (options.default_lifetime when empty).
  result<void> put(const T& value, std::optional<std::chrono::seconds> lifetime = std::nullopt,
                   const write_options& opts = {}) const {
    if (!lifetime) lifetime = options_.default_lifetime;
    if (!lifetime) {
      return std::unexpected(error::validation(options_.attribute, "a put needs a lifetime (or ttl_options::default_lifetime)"));
    }
    return put_until(value, now() + *lifetime, opts);
  }

  /// Puts `value` expiring at `expires` (written as whole epoch seconds).
  result<void> put_until(const T& value, std::chrono::system_clock::time_point expires,
                         const write_options& opts = {}) const {
    auto as_item = detail::item_of(value);
    if (!as_item) return std::unexpected(as_item.error());
    as_item->insert_or_assign(options_.attribute, number(detail::epoch_seconds(expires)));
    return items_.put(*as_item, opts);
  }

  /// GetItem; empty when the item has expired (or there is none). A projection gets the
  /// TTL attribute added, so that expiry can be told.
  result<std::optional<T>> get(const key& k, get_options opts = {}) const {
    if (!opts.projection.empty()) opts.projection.add(expr::path::attribute(options_.attribute));
    auto got = items_.get(k, opts);
    if (!got) return std::unexpected(got.error());
    if (!*got || detail::expired(**got, options_.attribute, detail::epoch_seconds(now()))) return std::optional<T>();
    return detail::maybe_value_of<T>(std::move(*got));
  }

  /// Query of what has not expired: `request.filter` && the TTL filter.
  reader<T> query(query_request request, read_options options = {}) const {
    request.filter = std::move(request.filter) && detail::alive_at(options_.attribute, detail::epoch_seconds(now()));
    return table_.query(std::move(request), std::move(options));
  }

  /// Scan of what has not expired.
  reader<T> scan(scan_request request, read_options options = {}) const {
    request.filter = std::move(request.filter) && detail::alive_at(options_.attribute, detail::epoch_seconds(now()));
    return table_.scan(std::move(request), std::move(options));
  }

  /// The items of partition `partition` with at least `min_remaining` left to live (and
  /// those that never expire). `request` may add a sort key condition (key_condition is
  /// replaced by partition && its own), a filter, an index… as for query().
  reader<T> query_active(attribute_value partition, std::chrono::seconds min_remaining, query_request request = {},
                         read_options options = {}) const {
    const auto& keys = request.index.empty() || table_.schema().index(request.index) == nullptr
                           ? table_.schema().keys
                           : table_.schema().index(request.index)->keys;
    request.key_condition = expr::key_attribute(keys.partition) == std::move(partition) && std::move(request.key_condition);
    request.filter = std::move(request.filter) &&
                     detail::alive_at(options_.attribute, detail::epoch_seconds(now() + min_remaining));
    return table_.query(std::move(request), std::move(options));
  }

 private:
  std::chrono::system_clock::time_point now() const {
    return options_.clock ? options_.clock() : std::chrono::system_clock::now();
  }
  table<T> table_;
  table<item> items_;  // the same table, for writes that add the TTL attribute and reads that check it
  ttl_options options_;
};

}  // namespace ddbkit

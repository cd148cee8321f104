#pragma once
// Writing any number of items: BatchWriteItem calls of at most 25 writes, several in flight,
// unprocessed items sent again, and a report that holds every item not written.
#include <ddbkit/error.hpp>
#include <ddbkit/model/batch_write_item.hpp>
#include <ddbkit/retry_options.hpp>
#include <ddbkit/table/key.hpp>

#include <boost/asio/any_completion_handler.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ddbkit {

class client;

/// One put or delete of a batch, and its table.
struct batch_write_entry {
  std::string table;
  write_request request;
};

struct batch_write_options {
  /// BatchWriteItem requests in flight at most.
  std::size_t concurrency = 4;
  /// Two writes of one key (a put and a delete, or two puts) are a `validation` error that
  /// names both, before anything is sent. With last_write_wins, the later one in the input
  /// replaces the earlier one (counted in batch_write_report::superseded).
  bool last_write_wins = false;
  /// The budget of every item: the requests that carried it — the transport's retries and
  /// the re-sends of unprocessed items together, never one times the other —, its transient
  /// failures, and the full-jitter backoff between them. Empty: the client's retry options.
  std::optional<retry_options> retry;
  /// Time for one BatchWriteItem request; zero: the client's http.request_timeout.
  std::chrono::milliseconds attempt_timeout{0};
  /// Asks each request for its consumed capacity (ReturnConsumedCapacity TOTAL), summed in
  /// the report.
  bool consumed_capacity = true;
  /// Checks every put before anything is sent; an error refuses the whole batch. The
  /// patterns layer refuses versioned items here (a batch write cannot check a version).
  std::function<result<void>(std::string_view table, const item& value)> check_put;
  /// Writes versioned items (optimistic locking) although a batch cannot check their
  /// versions: without it, table<T> refuses a T that declares_version, and
  /// versioned_table::put_all any item with the version attribute.
  bool unchecked_versions = false;
};

/// A write that was not done, as it was given, with the last error it met.
struct failed_write {
  batch_write_entry entry;
  error reason;
};

/// What a batch write did. Every entry given is written, superseded, or in not_written.
struct batch_write_report {
  std::size_t written = 0;
  std::vector<failed_write> not_written;
  /// Entries replaced by a later write of the same key (last_write_wins).
  std::size_t superseded = 0;
  /// BatchWriteItem requests sent.
  std::int64_t requests = 0;
  /// Capacity units consumed, per table (fractions kept).
  std::map<std::string, double, std::less<>> capacity_units;

  bool complete() const noexcept { return not_written.empty(); }
};

/// The key schema of each table a batch writes to (to find duplicates and match
/// unprocessed items).
using key_schemas = std::map<std::string, key_schema, std::less<>>;

/// Writes `entries`. Refused before sending (`validation`): an entry of a table without a
/// schema, an item or key that is not sendable or lacks its key, two writes of one key
/// (unless last_write_wins), a put that check_put refuses. Otherwise the result is a
/// report — a failure of DynamoDB or the network lands in not_written, item by item.
///
/// Blocking: waits on the calling thread, which must not be one that runs the client's
/// executor. The client must outlive the call.
result<batch_write_report> write_batch(client& c, std::vector<batch_write_entry> entries, const key_schemas& schemas,
                                       const batch_write_options& options = {});

/// As write_batch(), completing `handler` on its associated executor (never inside this call).
void async_write_batch(client& c, std::vector<batch_write_entry> entries, const key_schemas& schemas,
                       const batch_write_options& options,
                       boost::asio::any_completion_handler<void(result<batch_write_report>)> handler);

namespace detail {

class write_job;  // src/table/batch_write.cpp

/// A batch write made one write at a time (write_batch() and table<T>::put_all use it).
/// Each write is checked as it is added; requests are serialized from the writes where they
/// are, so the items are never copied into inputs, and what the batch keeps per write is a
/// pointer, its size and the hash of its key. Two writes of one key are found when it starts.
class batch_write_builder {
 public:
  batch_write_builder(client& c, const key_schemas& schemas, const batch_write_options& options,
                      std::size_t expected_writes = 0);

  /// Adds a put of `value` (is_put) or a delete of the key `value` to `table`, as the
  /// next of the Writes[i] named in errors. The batch refers to `value`: it must stay
  /// unchanged until the batch is over (run() returns, or start()'s handler is called).
  /// An error refuses the whole batch: add nothing more and do not start it.
  result<void> add(const std::string& table, bool is_put, const item& value);
  /// As add(), the batch keeping `value`.
  result<void> add(const std::string& table, bool is_put, item&& value);
  /// As add() for each entry, the batch keeping `entries`.
  result<void> add_all(std::vector<batch_write_entry> entries);

  /// Sends what was added (or refuses two writes of one key, see write_batch()); completes
  /// `handler` on its associated executor (never inside this call). Once only.
  void start(boost::asio::any_completion_handler<void(result<batch_write_report>)> handler);
  /// Sends what was added and waits for the report (as write_batch()). Once only.
  result<batch_write_report> run();

 private:
  client* client_;
  std::shared_ptr<write_job> job_;
};

}  // namespace detail

}  // namespace ddbkit

#pragma once
// Reading any number of items by key: BatchGetItem calls of at most 100 keys, several in
// flight, duplicate keys read once, unprocessed keys asked again, an answer for every key.
#include <ddbkit/error.hpp>
#include <ddbkit/expr/projection_list.hpp>
#include <ddbkit/retry_options.hpp>
#include <ddbkit/table/key.hpp>

#include <boost/asio/any_completion_handler.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ddbkit {

class client;

struct batch_get_options {
  /// BatchGetItem requests in flight at most.
  std::size_t concurrency = 4;
  /// Strongly consistent reads.
  bool consistent_read = false;
  /// The attributes to read; empty for whole items. The key attributes are always read
  /// (they tell which key an item answers).
  expr::projection_list projection;
  /// The budget of every key, as for batch writes (batch_write_options::retry).
  std::optional<retry_options> retry;
  /// Time for one BatchGetItem request; zero: the client's http.request_timeout.
  std::chrono::milliseconds attempt_timeout{0};
  /// Asks each request for its consumed capacity (TOTAL), summed in the report.
  bool consumed_capacity = true;
};

/// A key that could not be read, with the last error it met.
struct failed_read {
  std::size_t index;  ///< its position in the keys given
  ddbkit::key key;
  error reason;
};

/// What a batch read found, in the order of the keys given: `items[i]` answers `keys[i]`
/// (nullopt: no such item, or not read — then not_read names it). A key given twice is
/// read once and answered twice.
template <class T>
struct batch_get_result {
  std::vector<std::optional<T>> items;
  std::vector<failed_read> not_read;
  /// BatchGetItem requests sent.
  std::int64_t requests = 0;
  double capacity_units = 0;

  bool complete() const noexcept { return not_read.empty(); }
};

/// Reads `keys` of `table`. Refused before sending (`validation`): a key that does not fit
/// `schema`, a projection DynamoDB would refuse. A failure of DynamoDB or the network lands
/// in not_read, key by key.
///
/// Blocking: waits on the calling thread, which must not be one that runs the client's
/// executor. The client must outlive the call.
result<batch_get_result<item>> get_batch(client& c, const std::string& table, const key_schema& schema,
                                         std::vector<key> keys, const batch_get_options& options = {});

/// As get_batch(), completing `handler` on its associated executor (never inside this call).
void async_get_batch(client& c, const std::string& table, const key_schema& schema, std::vector<key> keys,
                     const batch_get_options& options,
                     boost::asio::any_completion_handler<void(result<batch_get_result<item>>)> handler);

}  // namespace ddbkit

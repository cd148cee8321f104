#pragma once
// What the attempt hook (client_options::on_attempt) is told about each request sent.
#include <ddbkit/error.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ddbkit {

struct consumed_capacity;  // <ddbkit/model/common.hpp>

/// What a successful batch request left for later in one table: the writes of a
/// BatchWriteItem (UnprocessedItems) or the keys of a BatchGetItem (UnprocessedKeys).
struct unprocessed_requests {
  /// The table; valid only during the hook's call.
  std::string_view table;
  std::size_t count = 0;
};

/// One request of a call, as sent and answered. The hook sees exactly one attempt_info
/// per request that went to the transport — never one for a call refused before sending
/// (validation, open circuit, missing credentials) or for time spent waiting for the
/// adaptive rate limiter.
struct attempt_info {
  /// The operation, e.g. "PutItem" (a string with static storage duration).
  std::string_view operation;
  /// The table the request names; for batches and transactions every table it names, in
  /// order of first appearance, joined with ','; empty for ListTables. Valid only during
  /// the hook's call: copy it to keep it.
  std::string_view table;
  /// IndexName of a Query or Scan, else empty. Valid only during the hook's call.
  std::string_view index;
  /// 1 for the first request of the call, 2 for its first retry, …
  int attempt = 1;
  /// Empty when the request succeeded; else its error (attempts() == attempt).
  std::optional<ddbkit::error> error;
  /// The response's HTTP status; 0 when no response arrived (network error, timeout).
  int http_status = 0;
  /// From handing the request to the transport to its answer (signing excluded).
  std::chrono::nanoseconds latency{0};
  /// x-amzn-RequestId of the response, empty when none arrived.
  std::string request_id;
  /// The capacity DynamoDB says this request consumed, when the request asked for it
  /// (ReturnConsumedCapacity) and succeeded: one entry for item operations, Query and Scan,
  /// one per table for batches and transactions. Valid only during the hook's call.
  std::span<const ddbkit::consumed_capacity> consumed_capacity;
  /// For a successful BatchWriteItem or BatchGetItem, per table (in name order), what it
  /// left unprocessed; empty when it processed everything, and for other operations.
  /// Valid only during the hook's call.
  std::span<const unprocessed_requests> unprocessed;
  /// The backoff chosen before the next request of this call; empty when none follows.
  std::optional<std::chrono::milliseconds> retry_delay;
  /// The request body as sent and the response body as received (an error's too), for
  /// clients with an observer that wants them (observer::wants_bodies); else empty. They
  /// hold attribute values: log them redacted. Valid only during the hook's call.
  std::string_view request_body;
  std::string_view response_body;
};

}  // namespace ddbkit

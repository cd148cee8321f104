#pragma once
// The low-level DynamoDB client: one call per operation, blocking and async.
#include <ddbkit/call_options.hpp>
#include <ddbkit/cancellation_reason.hpp>
#include <ddbkit/client_options.hpp>
#include <ddbkit/error.hpp>
#include <ddbkit/http/transport.hpp>
#include <ddbkit/model/operation_list.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace ddbkit {

class client_core;  // src/client/client_core.hpp
namespace detail {
struct client_access;  // src/client/serialized_call.hpp: layers above reach the core

/// A call's request as its input made it when the call was made (src/client): the
/// serialized body, or the validation error that refuses the input. Internal: it carries
/// an async call from the caller's input to the moment the operation starts.
struct prepared_request {
  std::string body;
  std::optional<error> refused;
  bool may_repeat = false;  ///< the operation's rules find a repeat harmless
  std::string table;        ///< for observers: filled only when something looks
  std::string index;
};
}  // namespace detail

/// Declares one operation's blocking and async functions (see client's operation list).
#define DDBKIT_CLIENT_OPERATION(op)                                                      \
  result<op##_output> op(const op##_input& in, const call_options& opts = {}) {          \
    return execute(in, opts);                                                            \
  }                                                                                      \
  template <class Token>                                                                 \
  auto async_##op(const op##_input& in, Token&& token) {                                 \
    return async_execute(in, call_options{}, std::forward<Token>(token));                \
  }                                                                                      \
  template <class Token>                                                                 \
  auto async_##op(const op##_input& in, call_options opts, Token&& token) {              \
    return async_execute(in, std::move(opts), std::forward<Token>(token));               \
  }

/// A DynamoDB client: signs each request, sends it over a pooled HTTP connection and maps
/// the response or the error.
///
/// Every operation comes as a pair with the same parameters:
///   - `get_item(in, opts)` blocks the calling thread and returns result<get_item_output>;
///   - `async_get_item(in, [opts,] token)` accepts any Asio completion token
///     (`asio::use_awaitable`, `asio::deferred`, `asio::use_future`, a callback) with the
///     single completion signature `void(result<get_item_output>)`, so `co_await` never
///     throws for a DynamoDB error.
/// Input is validated before anything is sent: a `validation` error names the field.
///
/// Lifetime: move-only; copies of the internal state are kept by calls in flight, so the
/// client may be destroyed while async calls run (they still complete). An async call
/// reads its input before it returns (the request is made then; an operation made with
/// `asio::deferred` and started later sends the request as it was at the call): nothing
/// the caller passes must outlive the call.
/// Thread safety: all member functions may be called concurrently from any thread.
/// Cancellation: async calls honour terminal cancellation through the token's
/// cancellation slot (the request's connection is closed; the call completes with
/// `canceled`). Blocking calls must not be made from a thread that runs the
/// executor passed to create(): that would wait for itself.
/// Execution: the async calls of a client that sends through its own HTTP client run on
/// that HTTP client's strand (on the client's executor; the executor itself when it is a
/// strand, the client's single own I/O thread, or an io_context made with
/// BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO), where its connections live: one
/// client's calls use one thread at a time, and each request goes out and its answer is
/// decoded without a hand-off. A service that needs more than one core for one client's
/// traffic gives it several clients. Handlers run on their associated executor.
class client {
 public:
  /// A client that runs on its own I/O thread(s) (options.io_threads).
  static result<client> create(client_options options);
  /// A client whose work runs on `executor` (whose context the caller runs).
  static result<client> create(boost::asio::any_io_executor executor, client_options options);
  /// As above, sending through `transport` instead of the HTTP client (tests, decorators).
  static result<client> create(boost::asio::any_io_executor executor, client_options options,
                               std::shared_ptr<http::transport> transport);

  client(client&&) noexcept;
  client& operator=(client&&) noexcept;
  ~client();

  /// The executor the client's own work runs on.
  boost::asio::any_io_executor get_executor() const;
  /// The options the client was made with.
  const client_options& options() const;

  // ---- The operations (<ddbkit/model/operation_list.hpp>) --------------------------------
  // DDBKIT_CLIENT_OPERATION(x) declares, with the parameters described at the class:
  //   result<x_output> x(const x_input& in, const call_options& opts = {});
  //   auto async_x(const x_input& in, Token&& token);
  //   auto async_x(const x_input& in, call_options opts, Token&& token);
  // Every operation may also fail with the errors listed at the class (validation before
  // sending, throttled, network, timeout, canceled, circuit_open, credentials, …); each
  // comment names the errors particular to it.

  /// CreateTable: creates a table with its key schema, indexes and billing mode. The table
  /// is CREATING at first; wait_until_active() waits for it.
  /// Errors: resource_in_use (a table of that name exists), limit_exceeded (too many tables
  /// or indexes being created at once). Not repeated when the outcome is unknown.
  DDBKIT_CLIENT_OPERATION(create_table)
  /// DeleteTable: deletes a table and all its items; it is DELETING for a while.
  /// Errors: resource_not_found, resource_in_use (the table is being created or updated).
  DDBKIT_CLIENT_OPERATION(delete_table)
  /// DescribeTable: the table's status, key schema, indexes, throughput, stream and sizes.
  /// Errors: resource_not_found.
  DDBKIT_CLIENT_OPERATION(describe_table)
  /// ListTables: one page of table names (up to `limit`, at most 100); pass
  /// last_evaluated_table_name back as exclusive_start_table_name for the next page.
  DDBKIT_CLIENT_OPERATION(list_tables)
  /// UpdateTable: changes billing mode, throughput, stream, indexes (create, update, delete
  /// one per call), table class or deletion protection.
  /// Errors: resource_not_found, resource_in_use, limit_exceeded, validation (from the
  /// service, e.g. an unchanged throughput).
  DDBKIT_CLIENT_OPERATION(update_table)
  /// UpdateTimeToLive: enables or disables TTL on one attribute of a table.
  /// Errors: resource_not_found, validation ("TimeToLive is already enabled").
  DDBKIT_CLIENT_OPERATION(update_time_to_live)
  /// DescribeTimeToLive: whether TTL is enabled and on which attribute.
  /// Errors: resource_not_found.
  DDBKIT_CLIENT_OPERATION(describe_time_to_live)
  /// GetItem: reads one item by its full primary key; `item` is empty when there is none.
  /// Eventually consistent unless consistent_read.
  /// Errors: resource_not_found (no such table), validation (a key that does not match
  /// the table's schema, from the service).
  DDBKIT_CLIENT_OPERATION(get_item)
  /// PutItem: creates or replaces one item, optionally under a condition.
  /// Errors: conditional_check_failed (with old_item() when ALL_OLD was asked),
  /// resource_not_found, item_collection_size_limit, transaction_conflict (the item is in
  /// a running transaction). A conditional put whose outcome is unknown is not repeated.
  DDBKIT_CLIENT_OPERATION(put_item)
  /// UpdateItem: changes attributes of one item (created if absent) with an update
  /// expression, optionally under a condition; returns old or new values when asked.
  /// Errors: as put_item. An update that depends on the current value (ADD, `a = a + n`,
  /// list_append) or has a condition is not repeated when its outcome is unknown.
  DDBKIT_CLIENT_OPERATION(update_item)
  /// DeleteItem: deletes one item by its key (nothing happens if absent), optionally under
  /// a condition. Errors: as put_item.
  DDBKIT_CLIENT_OPERATION(delete_item)
  /// Query: one page of the items of one partition (of the table or an index), in sort key
  /// order, filtered after reading. last_evaluated_key starts the next page.
  /// Errors: resource_not_found, validation (from the service: a key condition that does
  /// not match the key schema, a consistent read on a GSI).
  DDBKIT_CLIENT_OPERATION(query)
  /// Scan: one page of the whole table or index (or of one segment of a parallel scan).
  /// Errors: resource_not_found.
  DDBKIT_CLIENT_OPERATION(scan)
  /// BatchGetItem: up to 100 items by key from one or more tables. Keys DynamoDB did not
  /// get to come back in unprocessed_keys (not an error); send them again.
  /// Errors: resource_not_found.
  DDBKIT_CLIENT_OPERATION(batch_get_item)
  /// BatchWriteItem: up to 25 unconditional puts and deletes across tables. Requests
  /// DynamoDB did not get to come back in unprocessed_items (not an error).
  /// Errors: resource_not_found, item_collection_size_limit.
  DDBKIT_CLIENT_OPERATION(batch_write_item)
  /// TransactGetItems: up to 100 reads, all from one snapshot.
  /// Errors: transaction_canceled (reasons per action), resource_not_found.
  DDBKIT_CLIENT_OPERATION(transact_get_items)
  /// TransactWriteItems: up to 100 puts, updates, deletes and condition checks, all or
  /// none. The client sets a ClientRequestToken when the input has none and every retry
  /// carries the same one, so DynamoDB applies the transaction at most once.
  /// Errors: transaction_canceled (cancellation_reasons() aligned with the actions, with
  /// the ALL_OLD item; retried only when every reason is a conflict or throttle),
  /// transaction_in_progress, idempotent_parameter_mismatch (the token was used for a
  /// different request), resource_not_found.
  DDBKIT_CLIENT_OPERATION(transact_write_items)
  /// ExecuteStatement: runs one PartiQL statement with its `?` parameters: a SELECT returns
  /// one page of items (pass next_token back, with the same statement, for the next), an
  /// INSERT, UPDATE or DELETE writes one item. The statement is not parsed before sending.
  /// Errors: validation (from the service: a malformed statement, a parameter count that
  /// does not match, a write of several items), conditional_check_failed (with old_item()
  /// when ALL_OLD was asked), resource_not_found, transaction_conflict, duplicate_item (an
  /// INSERT of an existing key). Only a SELECT is repeated when the outcome is unknown.
  DDBKIT_CLIENT_OPERATION(execute_statement)
  /// BatchExecuteStatement: up to 25 PartiQL statements, all reads (single-item SELECTs by
  /// full key) or all writes. Each statement succeeds or fails on its own: a failed one is
  /// not an error of the call but responses[i].error (code "ConditionalCheckFailed",
  /// "DuplicateItem", "ProvisionedThroughputExceeded", …), aligned with the statements,
  /// and the client does not resend it; the caller decides which to send again.
  /// Errors: validation (from the service: reads mixed with writes, a malformed batch).
  /// Repeated when the outcome is unknown only if every statement is a SELECT.
  DDBKIT_CLIENT_OPERATION(batch_execute_statement)
  /// ExecuteTransaction: up to 100 PartiQL statements, all applied or none; all reads or
  /// all writes (plus `EXISTS(SELECT …)` checks). The client sets a ClientRequestToken when
  /// the input has none and every retry carries the same one, as for transact_write_items.
  /// Errors: transaction_canceled (cancellation_reasons() aligned with the statements; an
  /// INSERT of an existing key is the reason "DuplicateItem" in AWS, "ValidationError" in
  /// DynamoDB Local), transaction_in_progress, idempotent_parameter_mismatch,
  /// resource_not_found, validation (from the service: a malformed statement).
  DDBKIT_CLIENT_OPERATION(execute_transaction)
  /// DescribeLimits: the provisioned capacity limits of the account and of one table in the
  /// client's region. No errors particular to it.
  DDBKIT_CLIENT_OPERATION(describe_limits)

  /// Polls DescribeTable until the table is ACTIVE and so are all its GSIs (DynamoDB
  /// Local's tables are active at once; in AWS it takes seconds to minutes). Errors:
  /// `timeout` when `timeout` passes first, or DescribeTable's error.
  result<describe_table_output> wait_until_active(std::string table_name,
                                                  std::chrono::milliseconds timeout = std::chrono::minutes(5));
  template <class Token>
  auto async_wait_until_active(std::string table_name, std::chrono::milliseconds timeout, Token&& token) {
    return boost::asio::async_initiate<Token, void(result<describe_table_output>)>(
        [core = core_](auto handler, std::string name, std::chrono::milliseconds t) {
          start_wait_until_active(core, std::move(name), t, std::move(handler));
        },
        token, std::move(table_name), timeout);
  }

  /// Polls until DescribeTable reports ResourceNotFound (the table is gone).
  result<void> wait_until_deleted(std::string table_name,
                                  std::chrono::milliseconds timeout = std::chrono::minutes(5));

  /// Any operation by its input type: execute(get_item_input{...}). Defined (compiled in
  /// src/client) for every operation of the list.
  template <operation_input Input>
  result<typename operation_traits<Input>::output> execute(const Input& in, const call_options& opts = {});

  /// Any operation by its input type, async; `in` is read before this returns.
  template <operation_input Input, class Token>
  auto async_execute(const Input& in, call_options opts, Token&& token) {
    using output = typename operation_traits<Input>::output;
    // The request is made here, from the caller's input: what travels to the operation's
    // start (later, for a deferred token) is its body, not a copy of the input.
    auto request = prepare<Input>(core_, in, opts);
    return boost::asio::async_initiate<Token, void(result<output>)>(
        [core = core_](auto handler, detail::prepared_request req, call_options o) {
          start<Input>(core, std::move(req), std::move(o),
                       boost::asio::any_completion_handler<void(result<output>)>(std::move(handler)));
        },
        token, std::move(request), std::move(opts));
  }

  /// Whether anything watches the client's calls (client_options::observers or
  /// on_attempt): layers above fill call_options::partition_key only then.
  bool observed() const noexcept;

  /// Whether the calling thread is one of the client's own I/O threads: a blocking call
  /// from there would wait for itself (layers above the client check it too).
  bool runs_on_own_thread() const;
  /// The `blocking_call_on_io_thread` error such a call returns.
  static error blocking_on_own_thread();

 private:
  friend struct detail::client_access;
  struct io_runner;  // the client's own I/O threads, when it has them
  client(std::shared_ptr<client_core> core, std::unique_ptr<io_runner> runner);

  // The compiled boundary: one explicit instantiation per operation in src/client.
  /// The request `in` makes: validated and serialized, a transaction's token drawn.
  template <operation_input Input>
  static detail::prepared_request prepare(const std::shared_ptr<client_core>& core, const Input& in,
                                          const call_options& opts);
  // Static, taking the state by shared_ptr: a deferred operation may be started after the
  // client object itself has been moved from.
  template <operation_input Input>
  static void start(std::shared_ptr<client_core> core, detail::prepared_request request, call_options opts,
             boost::asio::any_completion_handler<void(result<typename operation_traits<Input>::output>)> handler);
  static void start_wait_until_active(std::shared_ptr<client_core> core, std::string table_name, std::chrono::milliseconds timeout,
                               boost::asio::any_completion_handler<void(result<describe_table_output>)> handler);

  // Declared first so it is destroyed last: the threads finish the calls in flight.
  std::unique_ptr<io_runner> runner_;
  std::shared_ptr<client_core> core_;
};

}  // namespace ddbkit

#undef DDBKIT_CLIENT_OPERATION

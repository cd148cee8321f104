#pragma once
// The low-level DynamoDB client: one call per operation, blocking and async.
#include <ddbkit/call_options.hpp>
#include <ddbkit/cancellation_reason.hpp>
#include <ddbkit/client_options.hpp>
#include <ddbkit/error.hpp>
#include <ddbkit/http/transport.hpp>
#include <ddbkit/model/operation.hpp>
#include <ddbkit/model/create_table.hpp>
#include <ddbkit/model/delete_table.hpp>
#include <ddbkit/model/describe_table.hpp>
#include <ddbkit/model/list_tables.hpp>
#include <ddbkit/model/update_table.hpp>
#include <ddbkit/model/update_time_to_live.hpp>
#include <ddbkit/model/describe_time_to_live.hpp>
#include <ddbkit/model/get_item.hpp>
#include <ddbkit/model/put_item.hpp>
#include <ddbkit/model/update_item.hpp>
#include <ddbkit/model/delete_item.hpp>
#include <ddbkit/model/query.hpp>
#include <ddbkit/model/scan.hpp>
#include <ddbkit/model/batch_get_item.hpp>
#include <ddbkit/model/batch_write_item.hpp>
#include <ddbkit/model/transact_get_items.hpp>
#include <ddbkit/model/transact_write_items.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace ddbkit {

class client_core;  // src/client/client_core.hpp

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
/// client may be destroyed while async calls run (they still complete). Inputs are taken
/// by value; nothing the caller passes must outlive the call.
/// Thread safety: all member functions may be called concurrently from any thread.
/// Cancellation: async calls honour terminal cancellation through the token's
/// cancellation slot (the request's connection is closed; the call completes with a
/// `network` error). Blocking calls must not be made from a thread that runs the
/// executor passed to create(): that would wait for itself.
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

  result<create_table_output> create_table(const create_table_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_create_table(create_table_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_create_table(create_table_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }
  result<delete_table_output> delete_table(const delete_table_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_delete_table(delete_table_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_delete_table(delete_table_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }
  result<describe_table_output> describe_table(const describe_table_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_describe_table(describe_table_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_describe_table(describe_table_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }
  result<list_tables_output> list_tables(const list_tables_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_list_tables(list_tables_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_list_tables(list_tables_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }
  result<update_table_output> update_table(const update_table_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_update_table(update_table_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_update_table(update_table_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }
  result<update_time_to_live_output> update_time_to_live(const update_time_to_live_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_update_time_to_live(update_time_to_live_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_update_time_to_live(update_time_to_live_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }
  result<describe_time_to_live_output> describe_time_to_live(const describe_time_to_live_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_describe_time_to_live(describe_time_to_live_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_describe_time_to_live(describe_time_to_live_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }
  result<get_item_output> get_item(const get_item_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_get_item(get_item_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_get_item(get_item_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }
  result<put_item_output> put_item(const put_item_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_put_item(put_item_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_put_item(put_item_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }
  result<update_item_output> update_item(const update_item_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_update_item(update_item_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_update_item(update_item_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }
  result<delete_item_output> delete_item(const delete_item_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_delete_item(delete_item_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_delete_item(delete_item_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }
  result<query_output> query(const query_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_query(query_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_query(query_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }
  result<scan_output> scan(const scan_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_scan(scan_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_scan(scan_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }
  result<batch_get_item_output> batch_get_item(const batch_get_item_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_batch_get_item(batch_get_item_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_batch_get_item(batch_get_item_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }
  result<batch_write_item_output> batch_write_item(const batch_write_item_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_batch_write_item(batch_write_item_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_batch_write_item(batch_write_item_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }
  result<transact_get_items_output> transact_get_items(const transact_get_items_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_transact_get_items(transact_get_items_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_transact_get_items(transact_get_items_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }
  result<transact_write_items_output> transact_write_items(const transact_write_items_input& in, const call_options& opts = {}) { return execute(in, opts); }
  template <class Token> auto async_transact_write_items(transact_write_items_input in, Token&& token) { return async_execute(std::move(in), call_options{}, std::forward<Token>(token)); }
  template <class Token> auto async_transact_write_items(transact_write_items_input in, call_options opts, Token&& token) { return async_execute(std::move(in), opts, std::forward<Token>(token)); }

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

  /// Any operation by its input type: execute(get_item_input{...}).
  template <class Input>
  result<typename operation_traits<Input>::output> execute(const Input& in, const call_options& opts = {});

  template <class Input, class Token>
  auto async_execute(Input in, call_options opts, Token&& token) {
    using output = typename operation_traits<Input>::output;
    return boost::asio::async_initiate<Token, void(result<output>)>(
        [core = core_](auto handler, Input input, call_options o) {
          start(core, std::move(input), o,
                boost::asio::any_completion_handler<void(result<output>)>(std::move(handler)));
        },
        token, std::move(in), opts);
  }

 private:
  struct io_runner;  // the client's own I/O threads, when it has them
  client(std::shared_ptr<client_core> core, std::unique_ptr<io_runner> runner);

  /// The compiled boundary: one explicit instantiation per operation in src/client.
  // Static, taking the state by shared_ptr: a deferred operation may be started after the
  // client object itself has been moved from.
  template <class Input>
  static void start(std::shared_ptr<client_core> core, Input in, call_options opts,
             boost::asio::any_completion_handler<void(result<typename operation_traits<Input>::output>)> handler);
  static void start_wait_until_active(std::shared_ptr<client_core> core, std::string table_name, std::chrono::milliseconds timeout,
                               boost::asio::any_completion_handler<void(result<describe_table_output>)> handler);

  // Declared first so it is destroyed last: the threads finish the calls in flight.
  std::unique_ptr<io_runner> runner_;
  std::shared_ptr<client_core> core_;
};

}  // namespace ddbkit

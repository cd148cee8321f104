#pragma once
// Transactions through typed tables: write_transaction (TransactWriteItems) and
// get_transaction (TransactGetItems), with idempotency tokens derived from the content.
#include <ddbkit/table/table.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ddbkit {

namespace detail {
// The non-template halves, in src/table/transaction.cpp.
result<transact_write_item> transact_put_of(const table_ref& table, result<item> value, const write_options& options);
result<transact_write_item> transact_update_of(const table_ref& table, const key& k, const expr::update& change,
                                               const update_options& options);
result<transact_write_item> transact_delete_of(const table_ref& table, const key& k, const write_options& options);
result<transact_write_item> transact_check_of(const table_ref& table, const key& k, const expr::condition& condition,
                                              bool old_item_on_failure);
result<transact_get_item> transact_get_of(const table_ref& table, const key& k, const expr::projection_list& projection);
}  // namespace detail

/// The ClientRequestToken of a logical operation: 36 lower-case hex characters of SHA-256
/// over the operation id and the request's canonical encoding (its DynamoDB-JSON body
/// without token and capacity options: attributes sorted by name, placeholders numbered in
/// the order the actions were added). The same operation id with the same content gives
/// the same token in every process and on every platform; a different id or content gives
/// another. DynamoDB applies a token's transaction once within 10 minutes.
/// Errors: those of the request's validation (`validation`).
result<std::string> idempotency_token(std::string_view operation_id, const transact_write_items_input& request);

/// A TransactWriteItems, built one action at a time through typed tables. Each action is
/// rendered at once (its key checked against its table's schema, its expressions in one
/// placeholder table of its own); the first action that fails is the error of request()
/// and commit(), named by its index, and nothing is sent. At commit the whole is checked
/// as DynamoDB checks it: 1..100 actions, ≤ 4 MB, no two actions on one item.
///
/// Retries: the client's (DESIGN.md "Retry"): a TransactionConflict, a
/// TransactionInProgress, or a cancellation whose reasons are only conflicts and throttles
/// is sent again with jitter and the same ClientRequestToken; a condition failure never.
/// On a cancellation, error::cancellation_reasons()[i] belongs to the i-th action added
/// (old_item_of reads its ALL_OLD item as T).
///
/// Thread safety: a builder is a value; build from one thread, commit from any.
class write_transaction {
 public:
  /// Puts `value` (its key attributes must be there) with an optional condition.
  template <table_item T>
  write_transaction& put(const table<T>& t, const T& value, const write_options& options = {}) {
    return add(detail::transact_put_of(ref_of(t), detail::item_of(value), options));
  }
  /// Applies `change` to the item with key `k` (`options.returns` does not apply: a
  /// transaction returns no items).
  template <table_item T>
  write_transaction& update(const table<T>& t, const key& k, const expr::update& change,
                            const update_options& options = {}) {
    return add(detail::transact_update_of(ref_of(t), k, change, options));
  }
  template <table_item T>
  write_transaction& remove(const table<T>& t, const key& k, const write_options& options = {}) {
    return add(detail::transact_delete_of(ref_of(t), k, options));
  }
  /// A ConditionCheck: the transaction happens only if `condition` holds for the item.
  template <table_item T>
  write_transaction& check(const table<T>& t, const key& k, const expr::condition& condition,
                           bool old_item_on_failure = false) {
    return add(detail::transact_check_of(ref_of(t), k, condition, old_item_on_failure));
  }

  /// Makes the request idempotent under `operation_id` (an id the caller keeps for the
  /// logical operation, e.g. "order-42/checkout"): its token is idempotency_token(id,
  /// content), so the same operation sent again after a crash, a timeout or a lost
  /// response is applied once. Without it, each commit() gets a random token of its own
  /// (its retries share it). An empty id is a `validation` error at commit.
  write_transaction& with_idempotency(std::string operation_id);

  /// Asks for ConsumedCapacity (TOTAL or INDEXES) in the output.
  write_transaction& with_capacity(return_consumed_capacity mode);

  std::size_t size() const noexcept { return actions_.size(); }

  /// The request commit() sends, with its token when with_idempotency was called.
  result<transact_write_items_input> request() const;

  /// Sends the transaction. Errors: the first builder or validation error (nothing sent);
  /// transaction_canceled with reasons aligned to the actions; those of the client call.
  result<transact_write_items_output> commit(client& c, const call_options& options = {}) const;

  template <class Token>
  auto async_commit(client& c, const call_options& options, Token&& token) const {
    return boost::asio::async_initiate<Token, void(result<transact_write_items_output>)>(
        [c = &c](auto handler, result<transact_write_items_input> in, call_options call) {
          if (!in) {
            return detail::fail_later<transact_write_items_output>(c->get_executor(), std::move(handler),
                                                                   std::move(in.error()));
          }
          c->async_transact_write_items(std::move(*in), std::move(call), std::move(handler));
        },
        token, request(), options);
  }

 private:
  template <table_item T>
  static table_ref ref_of(const table<T>& t) {
    return table_ref{.name = t.name(), .schema = t.schema()};
  }
  write_transaction& add(result<transact_write_item> action);

  std::vector<transact_write_item> actions_;
  std::optional<error> first_error_;  // of the first action that could not be built
  std::optional<std::string> operation_id_;
  std::optional<return_consumed_capacity> capacity_;
};

/// The item that action `action` of a canceled transaction saw, as T, when it asked for it
/// (old_item_on_condition_failure / old_item_on_failure); empty when there is none or `e`
/// is not a cancellation. A `serialization` error when the item does not fit T.
template <table_item T>
result<std::optional<T>> old_item_of(const error& e, std::size_t action) {
  const auto reasons = e.cancellation_reasons();
  if (action >= reasons.size()) return std::optional<T>();
  return detail::maybe_value_of<T>(reasons[action].item);
}

/// What a TransactGetItems read: one entry per get, in the order they were added, empty
/// where there is no item.
struct transaction_items {
  std::vector<std::optional<item>> items;
  std::vector<ddbkit::consumed_capacity> consumed_capacity;

  /// The i-th get's item as T (a `serialization` error when it does not fit).
  template <table_item T>
  result<std::optional<T>> as(std::size_t i) const {
    if (i >= items.size()) return std::optional<T>();
    return detail::maybe_value_of<T>(items[i]);
  }
};

/// A TransactGetItems: a consistent snapshot of up to 100 items of any tables, built one
/// get at a time. Errors as write_transaction (builder errors by index; 1..100 gets; no key
/// twice), before sending.
class get_transaction {
 public:
  template <table_item T>
  get_transaction& get(const table<T>& t, const key& k, const expr::projection_list& projection = {}) {
    return add(detail::transact_get_of(table_ref{.name = t.name(), .schema = t.schema()}, k, projection));
  }

  std::size_t size() const noexcept { return gets_.size(); }

  result<transact_get_items_input> request() const;
  result<transaction_items> commit(client& c, const call_options& options = {}) const;

 private:
  get_transaction& add(result<transact_get_item> get);

  std::vector<transact_get_item> gets_;
  std::optional<error> first_error_;
};

}  // namespace ddbkit

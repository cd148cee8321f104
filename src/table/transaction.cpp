#include <ddbkit/table/transaction.hpp>

#include <ddbkit/auth/sigv4_signer.hpp>
#include <ddbkit/model/serialization.hpp>

namespace ddbkit {
namespace detail {

// The single-item requests are built by the same functions as table<T>'s own calls, then
// moved into the transaction's action types (which have the same fields).

result<transact_write_item> transact_put_of(const table_ref& table, result<item> value, const write_options& options) {
  if (!value) return std::unexpected(std::move(value.error()));
  auto in = make_put(table, std::move(*value), options);
  if (!in) return std::unexpected(std::move(in.error()));
  return transact_write_item{.put = transact_put{
                                 .table_name = std::move(in->table_name),
                                 .item = std::move(in->item),
                                 .condition_expression = std::move(in->condition_expression),
                                 .expression_attribute_names = std::move(in->expression_attribute_names),
                                 .expression_attribute_values = std::move(in->expression_attribute_values),
                                 .return_values_on_condition_check_failure = in->return_values_on_condition_check_failure,
                             }};
}

result<transact_write_item> transact_update_of(const table_ref& table, const key& k, const expr::update& change,
                                               const update_options& options) {
  update_options without_returns = options;
  without_returns.returns = returned::nothing;
  auto in = make_update(table, k, change, without_returns);
  if (!in) return std::unexpected(std::move(in.error()));
  return transact_write_item{.update = transact_update{
                                 .table_name = std::move(in->table_name),
                                 .key = std::move(in->key),
                                 .update_expression = std::move(*in->update_expression),
                                 .condition_expression = std::move(in->condition_expression),
                                 .expression_attribute_names = std::move(in->expression_attribute_names),
                                 .expression_attribute_values = std::move(in->expression_attribute_values),
                                 .return_values_on_condition_check_failure = in->return_values_on_condition_check_failure,
                             }};
}

result<transact_write_item> transact_delete_of(const table_ref& table, const key& k, const write_options& options) {
  auto in = make_delete(table, k, options);
  if (!in) return std::unexpected(std::move(in.error()));
  return transact_write_item{.remove = transact_delete{
                                 .table_name = std::move(in->table_name),
                                 .key = std::move(in->key),
                                 .condition_expression = std::move(in->condition_expression),
                                 .expression_attribute_names = std::move(in->expression_attribute_names),
                                 .expression_attribute_values = std::move(in->expression_attribute_values),
                                 .return_values_on_condition_check_failure = in->return_values_on_condition_check_failure,
                             }};
}

result<transact_write_item> transact_check_of(const table_ref& table, const key& k, const expr::condition& condition,
                                              bool old_item_on_failure) {
  if (condition.empty()) {
    return std::unexpected(error::validation("ConditionCheck.ConditionExpression", "a condition check needs a condition"));
  }
  // A delete carries exactly what a condition check needs: key, condition, placeholders.
  auto in = make_delete(table, k, {.condition = condition, .old_item_on_condition_failure = old_item_on_failure});
  if (!in) return std::unexpected(std::move(in.error()));
  return transact_write_item{.condition_check = transact_condition_check{
                                 .table_name = std::move(in->table_name),
                                 .key = std::move(in->key),
                                 .condition_expression = std::move(*in->condition_expression),
                                 .expression_attribute_names = std::move(in->expression_attribute_names),
                                 .expression_attribute_values = std::move(in->expression_attribute_values),
                                 .return_values_on_condition_check_failure = in->return_values_on_condition_check_failure,
                             }};
}

result<transact_get_item> transact_get_of(const table_ref& table, const key& k, const expr::projection_list& projection) {
  auto in = make_get(table, k, {.projection = projection});
  if (!in) return std::unexpected(std::move(in.error()));
  return transact_get_item{.get = transact_get{.table_name = std::move(in->table_name),
                                               .key = std::move(in->key),
                                               .projection_expression = std::move(in->projection_expression),
                                               .expression_attribute_names = std::move(in->expression_attribute_names)}};
}

}  // namespace detail

namespace {

/// The error of the action at `index`, its field prefixed with the action's place.
error at_action(std::string_view operation, std::size_t index, const error& e) {
  std::string where = std::string(operation) + ".TransactItems[" + std::to_string(index) + "]";
  std::string field(e.field());
  if (e.code() == error_code::validation) {
    return error::validation(field.empty() ? where : where + "." + field, std::string(e.message()));
  }
  return error(e.code(), where + ": " + std::string(e.message()));
}

}  // namespace

result<std::string> idempotency_token(std::string_view operation_id, const transact_write_items_input& request) {
  if (operation_id.empty()) {
    return std::unexpected(error::validation("operation_id", "an idempotent transaction needs an operation id"));
  }
  transact_write_items_input content{.transact_items = request.transact_items,
                                     .client_request_token = std::nullopt,
                                     .return_consumed_capacity = std::nullopt,
                                     .return_item_collection_metrics = std::nullopt};
  auto body = serialize(content);
  if (!body) return std::unexpected(std::move(body.error()));
  // Length-prefixed, so that no id/content split can give another pair's text.
  std::string text = std::to_string(operation_id.size()) + ":" + std::string(operation_id) + "\n" + *body;
  return sigv4::sha256_hex(text).substr(0, 36);
}

write_transaction& write_transaction::add(result<transact_write_item> action) {
  if (!action) {
    if (!first_error_) first_error_ = at_action("TransactWriteItems", actions_.size(), action.error());
    actions_.emplace_back();  // keeps the indexes of later actions those of the caller
    return *this;
  }
  actions_.push_back(std::move(*action));
  return *this;
}

write_transaction& write_transaction::with_idempotency(std::string operation_id) {
  operation_id_ = std::move(operation_id);
  return *this;
}

write_transaction& write_transaction::with_capacity(return_consumed_capacity mode) {
  capacity_ = mode;
  return *this;
}

result<transact_write_items_input> write_transaction::request() const {
  if (first_error_) return std::unexpected(*first_error_);
  transact_write_items_input in{.transact_items = actions_, .return_consumed_capacity = capacity_};
  if (operation_id_) {
    auto token = idempotency_token(*operation_id_, in);
    if (!token) return std::unexpected(std::move(token.error()));
    in.client_request_token = std::move(*token);
  }
  return in;
}

result<transact_write_items_output> write_transaction::commit(client& c, const call_options& options) const {
  auto in = request();
  if (!in) return std::unexpected(std::move(in.error()));
  return c.transact_write_items(*in, options);
}

get_transaction& get_transaction::add(result<transact_get_item> get) {
  if (!get) {
    if (!first_error_) first_error_ = at_action("TransactGetItems", gets_.size(), get.error());
    gets_.emplace_back();
    return *this;
  }
  gets_.push_back(std::move(*get));
  return *this;
}

result<transact_get_items_input> get_transaction::request() const {
  if (first_error_) return std::unexpected(*first_error_);
  return transact_get_items_input{.transact_items = gets_};
}

result<transaction_items> get_transaction::commit(client& c, const call_options& options) const {
  auto in = request();
  if (!in) return std::unexpected(std::move(in.error()));
  auto out = c.transact_get_items(*in, options);
  if (!out) return std::unexpected(std::move(out.error()));
  transaction_items got{.items = {}, .consumed_capacity = std::move(out->consumed_capacity)};
  got.items.reserve(out->responses.size());
  for (auto& response : out->responses) got.items.push_back(std::move(response.item));
  return got;
}

}  // namespace ddbkit

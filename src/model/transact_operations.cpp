// TransactGetItems and TransactWriteItems.
#include <ddbkit/model/serialization.hpp>
#include <ddbkit/value/dynamodb_json.hpp>

#include "model/common_json.hpp"
#include "model/json_write.hpp"
#include "model/validation.hpp"

#include <set>

namespace ddbkit {

using namespace detail;

namespace {

result<void> check_action_count(std::size_t n, const std::string& field) {
  if (n == 0 || n > max_transaction_actions) {
    return std::unexpected(error::validation(field, "must hold 1 to 100 actions, has " + std::to_string(n)));
  }
  return {};
}

/// The members every write action shares after its Item/Key.
template <class Action>
void write_action_tail(json_writer& w, const Action& a) {
  write_placeholders(w, a.expression_attribute_names, &a.expression_attribute_values);
  write_optional(w, "ReturnValuesOnConditionCheckFailure", a.return_values_on_condition_check_failure);
}

template <class Action>
result<void> check_action(const Action& a, const std::optional<std::string>* condition,
                          const std::optional<std::string>* update, const std::string& field) {
  return first_failure(check_table_name(a.table_name, field + ".TableName"),
                       check_expressions({.condition = condition, .update = update,
                                          .names = &a.expression_attribute_names,
                                          .values = &a.expression_attribute_values},
                                         field));
}

/// Checks one action and returns "table|key" for the one-action-per-item rule.
result<std::string> check_write_item(const transact_write_item& a, const std::string& field) {
  const int kinds = a.condition_check.has_value() + a.put.has_value() + a.remove.has_value() + a.update.has_value();
  if (kinds != 1) {
    return std::unexpected(error::validation(field, "exactly one of condition_check, put, remove, update must be set"));
  }
  std::optional<std::string> condition;
  if (a.condition_check) {
    condition = a.condition_check->condition_expression;
    if (auto r = first_failure(check_action(*a.condition_check, &condition, nullptr, field + ".ConditionCheck"),
                               check_key(a.condition_check->key, field + ".ConditionCheck.Key"));
        !r) {
      return std::unexpected(r.error());
    }
    return a.condition_check->table_name + "|" + to_dynamodb_json(a.condition_check->key);
  }
  if (a.put) {
    if (auto r = first_failure(check_action(*a.put, &a.put->condition_expression, nullptr, field + ".Put"),
                               check_item(a.put->item, field + ".Put.Item"));
        !r) {
      return std::unexpected(r.error());
    }
    return a.put->table_name + "|" + to_dynamodb_json(a.put->item);
  }
  if (a.remove) {
    if (auto r = first_failure(check_action(*a.remove, &a.remove->condition_expression, nullptr, field + ".Delete"),
                               check_key(a.remove->key, field + ".Delete.Key"));
        !r) {
      return std::unexpected(r.error());
    }
    return a.remove->table_name + "|" + to_dynamodb_json(a.remove->key);
  }
  std::optional<std::string> update = a.update->update_expression;
  if (auto r = first_failure(check_action(*a.update, &a.update->condition_expression, &update, field + ".Update"),
                             check_key(a.update->key, field + ".Update.Key"));
      !r) {
    return std::unexpected(r.error());
  }
  return a.update->table_name + "|" + to_dynamodb_json(a.update->key);
}

void write_transact_write_item(json_writer& w, const transact_write_item& a) {
  w.begin_object();
  if (a.condition_check) {
    const auto& c = *a.condition_check;
    w.key("ConditionCheck");
    w.begin_object();
    w.member("TableName", c.table_name);
    write_item_member(w, "Key", c.key);
    w.member("ConditionExpression", c.condition_expression);
    write_action_tail(w, c);
    w.end_object();
  } else if (a.put) {
    w.key("Put");
    w.begin_object();
    w.member("TableName", a.put->table_name);
    write_item_member(w, "Item", a.put->item);
    write_optional(w, "ConditionExpression", a.put->condition_expression);
    write_action_tail(w, *a.put);
    w.end_object();
  } else if (a.remove) {
    w.key("Delete");
    w.begin_object();
    w.member("TableName", a.remove->table_name);
    write_item_member(w, "Key", a.remove->key);
    write_optional(w, "ConditionExpression", a.remove->condition_expression);
    write_action_tail(w, *a.remove);
    w.end_object();
  } else if (a.update) {
    w.key("Update");
    w.begin_object();
    w.member("TableName", a.update->table_name);
    write_item_member(w, "Key", a.update->key);
    w.member("UpdateExpression", a.update->update_expression);
    write_optional(w, "ConditionExpression", a.update->condition_expression);
    write_action_tail(w, *a.update);
    w.end_object();
  }
  w.end_object();
}

}  // namespace

result<std::string> serialize(const transact_write_items_input& in) {
  if (auto r = first_failure(check_action_count(in.transact_items.size(), "TransactWriteItems.TransactItems"),
                             check_client_request_token(in.client_request_token, "TransactWriteItems.ClientRequestToken"));
      !r) {
    return std::unexpected(r.error());
  }
  std::set<std::string> targets;
  for (std::size_t i = 0; i < in.transact_items.size(); ++i) {
    const std::string field = "TransactWriteItems.TransactItems[" + std::to_string(i) + "]";
    auto target = check_write_item(in.transact_items[i], field);
    if (!target) return std::unexpected(target.error());
    // Puts are compared by whole item (the key schema is unknown here); DynamoDB catches the rest.
    if (!targets.insert(*target).second) {
      return std::unexpected(error::validation(field, "two actions of one transaction on the same item"));
    }
  }
  auto body = json_object([&](json_writer& w) {
    w.key("TransactItems");
    w.begin_array();
    for (const auto& a : in.transact_items) write_transact_write_item(w, a);
    w.end_array();
    write_optional(w, "ClientRequestToken", in.client_request_token);
    write_optional(w, "ReturnConsumedCapacity", in.return_consumed_capacity);
    write_optional(w, "ReturnItemCollectionMetrics", in.return_item_collection_metrics);
  });
  if (body.size() > max_transaction_bytes) {
    return std::unexpected(error::validation("TransactWriteItems", "request is over DynamoDB's 4 MB limit"));
  }
  return body;
}

result<std::string> serialize(const transact_get_items_input& in) {
  if (auto r = check_action_count(in.transact_items.size(), "TransactGetItems.TransactItems"); !r) {
    return std::unexpected(r.error());
  }
  for (std::size_t i = 0; i < in.transact_items.size(); ++i) {
    const auto& g = in.transact_items[i].get;
    const std::string field = "TransactGetItems.TransactItems[" + std::to_string(i) + "].Get";
    if (auto r = first_failure(check_table_name(g.table_name, field + ".TableName"), check_key(g.key, field + ".Key"),
                               check_expression(g.projection_expression, field + ".ProjectionExpression"),
                               check_names(g.expression_attribute_names, field + ".ExpressionAttributeNames"));
        !r) {
      return std::unexpected(r.error());
    }
  }
  return json_object([&](json_writer& w) {
    w.key("TransactItems");
    w.begin_array();
    for (const auto& a : in.transact_items) {
      w.begin_object();
      w.key("Get");
      w.begin_object();
      w.member("TableName", a.get.table_name);
      write_item_member(w, "Key", a.get.key);
      write_optional(w, "ProjectionExpression", a.get.projection_expression);
      write_placeholders(w, a.get.expression_attribute_names, nullptr);
      w.end_object();
      w.end_object();
    }
    w.end_array();
    write_optional(w, "ReturnConsumedCapacity", in.return_consumed_capacity);
  });
}

template <>
result<transact_write_items_output> parse_output<transact_write_items_output>(std::string_view json) {
  return parse_with<transact_write_items_output>(json, [](json_reader& r, transact_write_items_output& out) {
    read_consumed_capacity_member(r, out.consumed_capacity);
    read_item_collection_metrics_map(r, out.item_collection_metrics);
  });
}

template <>
result<transact_get_items_output> parse_output<transact_get_items_output>(std::string_view json) {
  return parse_with<transact_get_items_output>(json, [](json_reader& r, transact_get_items_output& out) {
    r.read_objects("Responses", out.responses, [](json_reader& e, item_response& v) { e.read("Item", v.item); });
    read_consumed_capacity_member(r, out.consumed_capacity);
  });
}

}  // namespace ddbkit

// TransactGetItems and TransactWriteItems.
#include <ddbkit/model/serialization.hpp>

#include "model/common_json.hpp"
#include "model/json_write.hpp"
#include "model/validation.hpp"

namespace ddbkit {

using namespace detail;

namespace {

// The four write actions share most members; these tell their differences apart.
template <class Action>
concept writes_whole_item = requires(const Action& a) { a.item; };
template <class Action>
concept has_update_expression = requires(const Action& a) { a.update_expression; };

std::string action_field(std::string_view op, std::size_t i) {
  return std::string(op) + ".TransactItems[" + std::to_string(i) + "]";
}

result<void> check_action_count(std::size_t n, const std::string& field) {
  return check_count(n, max_transaction_actions, field, "actions");
}

/// Calls f(wire name, action) with the one action that is set (checked before).
template <class F>
decltype(auto) visit_action(const transact_write_item& a, F&& f) {
  if (a.condition_check) return f("ConditionCheck", *a.condition_check);
  if (a.put) return f("Put", *a.put);
  if (a.remove) return f("Delete", *a.remove);
  return f("Update", *a.update);
}

template <class Action>
const item& target_of(const Action& a) {
  if constexpr (writes_whole_item<Action>) return a.item;
  else return a.key;
}

template <class Action>
result<void> check_action(const Action& a, const std::string& field) {
  result<void> r = check_table_name(a.table_name, field + ".TableName");
  if constexpr (writes_whole_item<Action>) {
    if (r) r = check_item(a.item, field + ".Item");
  } else {
    if (r) r = check_key(a.key, field + ".Key");
  }
  if constexpr (has_update_expression<Action>) {
    if (r) r = check_expression(a.update_expression, field + ".UpdateExpression");
  }
  if (r) r = check_expression(a.condition_expression, field + ".ConditionExpression");
  if (r) r = check_names(a.expression_attribute_names, field + ".ExpressionAttributeNames");
  if (r) r = check_values(a.expression_attribute_values, field + ".ExpressionAttributeValues");
  return r;
}

void write_condition(json_writer& w, const std::string& condition) { w.member("ConditionExpression", condition); }
void write_condition(json_writer& w, const std::optional<std::string>& condition) {
  write_optional(w, "ConditionExpression", condition);
}

template <class Action>
void write_action(json_writer& w, std::string_view kind, const Action& a) {
  w.begin_object();
  w.key(kind);
  w.begin_object();
  w.member("TableName", a.table_name);
  write_item_member(w, writes_whole_item<Action> ? "Item" : "Key", target_of(a));
  if constexpr (has_update_expression<Action>) w.member("UpdateExpression", a.update_expression);
  write_condition(w, a.condition_expression);
  write_placeholders(w, a.expression_attribute_names, &a.expression_attribute_values);
  write_optional(w, "ReturnValuesOnConditionCheckFailure", a.return_values_on_condition_check_failure);
  w.end_object();
  w.end_object();
}

result<void> check_write_items(const transact_write_items_input& in, std::optional<std::string_view> token) {
  const std::string op = "TransactWriteItems";
  if (auto r = first_failure(check_action_count(in.transact_items.size(), op + ".TransactItems"),
                             check_client_request_token(token, op + ".ClientRequestToken"));
      !r) {
    return r;
  }
  std::vector<write_target> targets;
  for (std::size_t i = 0; i < in.transact_items.size(); ++i) {
    const auto& a = in.transact_items[i];
    const std::string field = action_field(op, i);
    if (a.condition_check.has_value() + a.put.has_value() + a.remove.has_value() + a.update.has_value() != 1) {
      return std::unexpected(error::validation(field, "exactly one of condition_check, put, remove, update must be set"));
    }
    auto checked = visit_action(a, [&](std::string_view kind, const auto& action) {
      targets.push_back({.table = action.table_name,
                         .value = &target_of(action),
                         .is_whole_item = writes_whole_item<std::remove_cvref_t<decltype(action)>>});
      return check_action(action, field + "." + std::string(kind));
    });
    if (!checked) return checked;
  }
  if (const auto dup = first_same_target(targets)) {
    return std::unexpected(error::validation(action_field(op, *dup), "two actions of one transaction on the same item"));
  }
  return {};
}

result<void> check_get_items(const transact_get_items_input& in) {
  const std::string op = "TransactGetItems";
  if (auto r = check_action_count(in.transact_items.size(), op + ".TransactItems"); !r) return r;
  std::vector<write_target> targets;
  for (std::size_t i = 0; i < in.transact_items.size(); ++i) {
    const auto& g = in.transact_items[i].get;
    const std::string field = action_field(op, i) + ".Get";
    if (auto r = first_failure(check_table_name(g.table_name, field + ".TableName"), check_key(g.key, field + ".Key"),
                               check_expression(g.projection_expression, field + ".ProjectionExpression"),
                               check_names(g.expression_attribute_names, field + ".ExpressionAttributeNames"));
        !r) {
      return r;
    }
    targets.push_back({.table = g.table_name, .value = &g.key});
  }
  if (const auto dup = first_same_target(targets)) {
    return std::unexpected(error::validation(action_field(op, *dup), "the same item twice in one transaction"));
  }
  return {};
}

}  // namespace

result<std::string> serialize(const transact_write_items_input& in, const request_defaults& defaults) {
  const auto token = request_token(in.client_request_token, defaults);
  if (auto r = check_write_items(in, token); !r) return std::unexpected(r.error());
  auto body = json_object([&](json_writer& w) {
    w.key("TransactItems");
    w.begin_array();
    for (const auto& a : in.transact_items) {
      visit_action(a, [&](std::string_view kind, const auto& action) { write_action(w, kind, action); });
    }
    w.end_array();
    write_optional(w, "ClientRequestToken", token);
    write_capacity(w, in.return_consumed_capacity, defaults);
    write_optional(w, "ReturnItemCollectionMetrics", in.return_item_collection_metrics);
  });
  // The body is a little larger than what DynamoDB counts (items only), so this may refuse
  // a transaction just under the limit; never one DynamoDB would take over it.
  if (body.size() > max_transaction_bytes) {
    return std::unexpected(error::validation("TransactWriteItems", "request is over DynamoDB's 4 MB limit"));
  }
  return body;
}

result<std::string> serialize(const transact_get_items_input& in, const request_defaults& defaults) {
  if (auto r = check_get_items(in); !r) return std::unexpected(r.error());
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
    write_capacity(w, in.return_consumed_capacity, defaults);
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
    // One response per action, in order: without them the items cannot be matched up.
    if (r.require("Responses")) {
      r.read_objects("Responses", out.responses, read_item_response);
    }
    read_consumed_capacity_member(r, out.consumed_capacity);
  });
}

}  // namespace ddbkit

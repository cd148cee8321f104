// GetItem, PutItem, UpdateItem, DeleteItem.
#include <ddbkit/model/serialization.hpp>

#include "model/common_json.hpp"
#include "model/json_write.hpp"
#include "model/validation.hpp"

namespace ddbkit {

using namespace detail;

result<std::string> serialize(const get_item_input& in, const request_defaults& defaults) {
  if (auto r = first_failure(check_table_name(in.table_name, "GetItem.TableName"), check_key(in.key, "GetItem.Key"),
                             check_expressions({.projection = &in.projection_expression,
                                                .names = &in.expression_attribute_names},
                                               "GetItem"));
      !r) {
    return std::unexpected(r.error());
  }
  return json_object([&](json_writer& w) {
    w.member("TableName", in.table_name);
    write_item_member(w, "Key", in.key);
    if (in.consistent_read) w.member("ConsistentRead", true);
    write_optional(w, "ProjectionExpression", in.projection_expression);
    write_placeholders(w, in.expression_attribute_names, nullptr);
    write_capacity(w, in.return_consumed_capacity, defaults);
  });
}

namespace {

/// The members PutItem, UpdateItem and DeleteItem share after their Item/Key.
template <class Input>
void write_conditional_write(json_writer& w, const Input& in, const request_defaults& defaults) {
  write_optional(w, "ConditionExpression", in.condition_expression);
  write_placeholders(w, in.expression_attribute_names, &in.expression_attribute_values);
  write_optional(w, "ReturnValues", in.return_values);
  write_optional(w, "ReturnValuesOnConditionCheckFailure", in.return_values_on_condition_check_failure);
  write_capacity(w, in.return_consumed_capacity, defaults);
  write_optional(w, "ReturnItemCollectionMetrics", in.return_item_collection_metrics);
}

result<void> check_return_values(const std::optional<return_values>& rv, bool update, const std::string& field) {
  if (rv && !update && *rv != return_values::none && *rv != return_values::all_old) {
    return std::unexpected(error::validation(field, "only NONE or ALL_OLD are allowed here"));
  }
  return {};
}

}  // namespace

result<std::string> serialize(const put_item_input& in, const request_defaults& defaults) {
  if (auto r = first_failure(
          check_table_name(in.table_name, "PutItem.TableName"), check_item(in.item, "PutItem.Item"),
          check_expressions({.condition = &in.condition_expression, .names = &in.expression_attribute_names,
                             .values = &in.expression_attribute_values},
                            "PutItem"),
          check_return_values(in.return_values, false, "PutItem.ReturnValues"));
      !r) {
    return std::unexpected(r.error());
  }
  return json_object([&](json_writer& w) {
    w.member("TableName", in.table_name);
    write_item_member(w, "Item", in.item);
    write_conditional_write(w, in, defaults);
  });
}

result<std::string> serialize(const update_item_input& in, const request_defaults& defaults) {
  if (auto r = first_failure(
          check_table_name(in.table_name, "UpdateItem.TableName"), check_key(in.key, "UpdateItem.Key"),
          check_expressions({.condition = &in.condition_expression, .update = &in.update_expression,
                             .names = &in.expression_attribute_names, .values = &in.expression_attribute_values},
                            "UpdateItem"));
      !r) {
    return std::unexpected(r.error());
  }
  return json_object([&](json_writer& w) {
    w.member("TableName", in.table_name);
    write_item_member(w, "Key", in.key);
    write_optional(w, "UpdateExpression", in.update_expression);
    write_conditional_write(w, in, defaults);
  });
}

result<std::string> serialize(const delete_item_input& in, const request_defaults& defaults) {
  if (auto r = first_failure(
          check_table_name(in.table_name, "DeleteItem.TableName"), check_key(in.key, "DeleteItem.Key"),
          check_expressions({.condition = &in.condition_expression, .names = &in.expression_attribute_names,
                             .values = &in.expression_attribute_values},
                            "DeleteItem"),
          check_return_values(in.return_values, false, "DeleteItem.ReturnValues"));
      !r) {
    return std::unexpected(r.error());
  }
  return json_object([&](json_writer& w) {
    w.member("TableName", in.table_name);
    write_item_member(w, "Key", in.key);
    write_conditional_write(w, in, defaults);
  });
}

template <>
result<get_item_output> parse_output<get_item_output>(std::string_view json) {
  return parse_with<get_item_output>(json, [](json_reader& r, get_item_output& out) {
    r.read("Item", out.item);
    read_consumed_capacity_member(r, out.consumed_capacity);
  });
}

template <>
result<write_item_output> parse_output<write_item_output>(std::string_view json) {
  return parse_with<write_item_output>(json, [](json_reader& r, write_item_output& out) {
    r.read("Attributes", out.attributes);
    read_consumed_capacity_member(r, out.consumed_capacity);
    r.read_object("ItemCollectionMetrics", out.item_collection_metrics, read_item_collection_metrics);
  });
}

}  // namespace ddbkit

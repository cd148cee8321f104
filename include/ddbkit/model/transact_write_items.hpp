#pragma once
// TransactWriteItems: request and response.
#include <ddbkit/model/common.hpp>
#include <ddbkit/model/operation.hpp>

namespace ddbkit {

struct transact_condition_check {
  std::string table_name;
  ddbkit::item key;
  std::string condition_expression;
  expression_names expression_attribute_names;
  ddbkit::item expression_attribute_values;
  std::optional<ddbkit::return_values_on_condition_check_failure> return_values_on_condition_check_failure;
};

struct transact_put {
  std::string table_name;
  ddbkit::item item;
  std::optional<std::string> condition_expression;
  expression_names expression_attribute_names;
  ddbkit::item expression_attribute_values;
  std::optional<ddbkit::return_values_on_condition_check_failure> return_values_on_condition_check_failure;
};

struct transact_delete {
  std::string table_name;
  ddbkit::item key;
  std::optional<std::string> condition_expression;
  expression_names expression_attribute_names;
  ddbkit::item expression_attribute_values;
  std::optional<ddbkit::return_values_on_condition_check_failure> return_values_on_condition_check_failure;
};

struct transact_update {
  std::string table_name;
  ddbkit::item key;
  std::string update_expression;
  std::optional<std::string> condition_expression;
  expression_names expression_attribute_names;
  ddbkit::item expression_attribute_values;
  std::optional<ddbkit::return_values_on_condition_check_failure> return_values_on_condition_check_failure;
};

/// One action; exactly one member must be set (refused before sending otherwise).
struct transact_write_item {
  std::optional<transact_condition_check> condition_check;
  std::optional<transact_put> put;
  std::optional<transact_delete> remove;
  std::optional<transact_update> update;
};

/// Checked before sending: 1..100 actions, each valid on its own (table, key or item,
/// expressions ≤ 4 KB, placeholders), the request ≤ 4 MB, a token of 1..36 characters, and
/// no two actions on one item (found as for batch_write_item_input: keys compared exactly,
/// a put matched against the other actions' keys).
struct transact_write_items_input {
  std::vector<transact_write_item> transact_items;  ///< 1..100 actions, at most one per item
  /// Idempotency token (1..36 characters): a repeat within 10 minutes is not applied twice.
  std::optional<std::string> client_request_token;
  std::optional<ddbkit::return_consumed_capacity> return_consumed_capacity;
  std::optional<ddbkit::return_item_collection_metrics> return_item_collection_metrics;
};

struct transact_write_items_output {
  std::vector<ddbkit::consumed_capacity> consumed_capacity;
  std::map<std::string, std::vector<ddbkit::item_collection_metrics>> item_collection_metrics;
};

template <>
struct operation_traits<transact_write_items_input> {
  using output = transact_write_items_output;
  static constexpr std::string_view name = "TransactWriteItems";
  /// The ClientRequestToken (always set before the first request) makes DynamoDB apply a repeat within 10 minutes only once.
  static constexpr bool repeat_is_harmless(const transact_write_items_input&) { return true; }
};

}  // namespace ddbkit

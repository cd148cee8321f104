#pragma once
// PutItem: request and response.
#include <ddbkit/model/common.hpp>
#include <ddbkit/model/operation.hpp>

namespace ddbkit {

struct put_item_input {
  std::string table_name;
  ddbkit::item item;
  std::optional<std::string> condition_expression;
  expression_names expression_attribute_names;
  ddbkit::item expression_attribute_values;
  std::optional<ddbkit::return_values> return_values;  ///< NONE or ALL_OLD
  std::optional<ddbkit::return_values_on_condition_check_failure> return_values_on_condition_check_failure;
  std::optional<ddbkit::return_consumed_capacity> return_consumed_capacity;
  std::optional<ddbkit::return_item_collection_metrics> return_item_collection_metrics;
};

/// The result of PutItem, UpdateItem and DeleteItem.
struct write_item_output {
  std::optional<ddbkit::item> attributes;  ///< as asked by ReturnValues
  std::optional<ddbkit::consumed_capacity> consumed_capacity;
  std::optional<ddbkit::item_collection_metrics> item_collection_metrics;
};
using put_item_output = write_item_output;

template <>
struct operation_traits<put_item_input> {
  using output = put_item_output;
  static constexpr std::string_view name = "PutItem";
  /// Harmless unless conditional: a repeat would fail on its own first success.
  static bool repeat_is_harmless(const put_item_input& in);
};

}  // namespace ddbkit

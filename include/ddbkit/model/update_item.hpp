#pragma once
// UpdateItem: request and response.
#include <ddbkit/model/put_item.hpp>

namespace ddbkit {

struct update_item_input {
  std::string table_name;
  ddbkit::item key;
  std::optional<std::string> update_expression;
  std::optional<std::string> condition_expression;
  expression_names expression_attribute_names;
  ddbkit::item expression_attribute_values;
  std::optional<ddbkit::return_values> return_values;
  std::optional<ddbkit::return_values_on_condition_check_failure> return_values_on_condition_check_failure;
  std::optional<ddbkit::return_consumed_capacity> return_consumed_capacity;
  std::optional<ddbkit::return_item_collection_metrics> return_item_collection_metrics;
};
using update_item_output = write_item_output;

template <>
struct operation_traits<update_item_input> {
  using output = update_item_output;
  static constexpr std::string_view name = "UpdateItem";
  /// Harmless unless conditional, or its update expression depends on the current value (ADD, arithmetic, list_append).
  static bool repeat_is_harmless(const update_item_input& in);
};

}  // namespace ddbkit

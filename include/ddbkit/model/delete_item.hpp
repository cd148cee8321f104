#pragma once
// DeleteItem: request and response.
#include <ddbkit/model/put_item.hpp>

namespace ddbkit {

struct delete_item_input {
  std::string table_name;
  ddbkit::item key;
  std::optional<std::string> condition_expression;
  expression_names expression_attribute_names;
  ddbkit::item expression_attribute_values;
  std::optional<ddbkit::return_values> return_values;  ///< NONE or ALL_OLD
  std::optional<ddbkit::return_values_on_condition_check_failure> return_values_on_condition_check_failure;
  std::optional<ddbkit::return_consumed_capacity> return_consumed_capacity;
  std::optional<ddbkit::return_item_collection_metrics> return_item_collection_metrics;
};
using delete_item_output = write_item_output;

template <>
struct operation_traits<delete_item_input> {
  using output = delete_item_output;
  static constexpr std::string_view name = "DeleteItem";
  /// Harmless unless conditional: a repeat would fail on its own first success.
  static bool repeat_is_harmless(const delete_item_input& in);
};

}  // namespace ddbkit

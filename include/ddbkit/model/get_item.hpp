#pragma once
// GetItem: request and response.
#include <ddbkit/model/common.hpp>
#include <ddbkit/model/operation.hpp>

namespace ddbkit {

struct get_item_input {
  std::string table_name;
  ddbkit::item key;
  bool consistent_read = false;
  std::optional<std::string> projection_expression;
  expression_names expression_attribute_names;
  std::optional<ddbkit::return_consumed_capacity> return_consumed_capacity;
};

struct get_item_output {
  std::optional<ddbkit::item> item;  ///< absent when no item has the key
  std::optional<ddbkit::consumed_capacity> consumed_capacity;
};

template <>
struct operation_traits<get_item_input> {
  using output = get_item_output;
  static constexpr std::string_view name = "GetItem";
  /// A read.
  static constexpr bool repeat_is_harmless(const get_item_input&) { return true; }
};

}  // namespace ddbkit

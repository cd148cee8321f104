#pragma once
// TransactGetItems: request and response.
#include <ddbkit/model/common.hpp>
#include <ddbkit/model/operation.hpp>

namespace ddbkit {

struct transact_get {
  std::string table_name;
  ddbkit::item key;
  std::optional<std::string> projection_expression;
  expression_names expression_attribute_names;
};

struct transact_get_item {
  transact_get get;
};

/// Checked before sending: 1..100 gets, valid tables and keys, no key twice.
struct transact_get_items_input {
  std::vector<transact_get_item> transact_items;  ///< 1..100
  std::optional<ddbkit::return_consumed_capacity> return_consumed_capacity;
};

struct transact_get_items_output {
  std::vector<item_response> responses;  ///< aligned with the request's actions (required in the body)
  std::vector<ddbkit::consumed_capacity> consumed_capacity;
};

template <>
struct operation_traits<transact_get_items_input> {
  using output = transact_get_items_output;
  static constexpr std::string_view name = "TransactGetItems";
  /// A read.
  static constexpr bool repeat_is_harmless(const transact_get_items_input&) { return true; }
};

}  // namespace ddbkit

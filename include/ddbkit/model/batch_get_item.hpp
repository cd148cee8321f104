#pragma once
// BatchGetItem: request and response.
#include <ddbkit/model/common.hpp>
#include <ddbkit/model/operation.hpp>

namespace ddbkit {

/// The keys to read from one table, and how.
struct keys_and_attributes {
  std::vector<ddbkit::item> keys;
  bool consistent_read = false;
  std::optional<std::string> projection_expression;
  expression_names expression_attribute_names;
};

/// Checked before sending: 1..100 keys in total, valid table names and keys, no key twice
/// within a table (compared exactly), well-formed expressions and placeholders.
struct batch_get_item_input {
  std::map<std::string, keys_and_attributes, std::less<>> request_items;  ///< 1..100 keys in total
  std::optional<ddbkit::return_consumed_capacity> return_consumed_capacity;
};

struct batch_get_item_output {
  std::map<std::string, std::vector<ddbkit::item>, std::less<>> responses;  ///< table → items, in no order
  std::map<std::string, keys_and_attributes, std::less<>> unprocessed_keys;  ///< not read: ask again
  std::vector<ddbkit::consumed_capacity> consumed_capacity;
};

template <>
struct operation_traits<batch_get_item_input> {
  using output = batch_get_item_output;
  static constexpr std::string_view name = "BatchGetItem";
  /// A read: repeating it changes nothing.
  static constexpr bool repeat_is_harmless(const batch_get_item_input&) { return true; }
};

}  // namespace ddbkit

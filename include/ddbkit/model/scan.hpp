#pragma once
// Scan: request and response.
#include <ddbkit/model/query.hpp>

namespace ddbkit {

struct scan_input {
  std::string table_name;
  std::optional<std::string> index_name;
  std::optional<ddbkit::select> select;
  std::optional<int> limit;
  bool consistent_read = false;
  std::optional<int> segment;         ///< parallel scan: this worker's segment
  std::optional<int> total_segments;  ///< parallel scan: 1..1,000,000
  std::optional<std::string> filter_expression;
  std::optional<std::string> projection_expression;
  expression_names expression_attribute_names;
  ddbkit::item expression_attribute_values;
  std::optional<ddbkit::item> exclusive_start_key;
  std::optional<ddbkit::return_consumed_capacity> return_consumed_capacity;
};
using scan_output = page_output;

template <>
struct operation_traits<scan_input> {
  using output = scan_output;
  static constexpr std::string_view name = "Scan";
  /// A read.
  static constexpr bool repeat_is_harmless(const scan_input&) { return true; }
};

}  // namespace ddbkit

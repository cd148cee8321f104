#pragma once
// Query: request and response.
#include <ddbkit/model/common.hpp>
#include <ddbkit/model/operation.hpp>

namespace ddbkit {

struct query_input {
  std::string table_name;
  std::optional<std::string> index_name;
  std::optional<ddbkit::select> select;
  std::optional<int> limit;  ///< items read (before the filter) per page
  bool consistent_read = false;
  std::optional<std::string> key_condition_expression;
  std::optional<std::string> filter_expression;
  std::optional<std::string> projection_expression;
  expression_names expression_attribute_names;
  ddbkit::item expression_attribute_values;
  bool scan_index_forward = true;
  std::optional<ddbkit::item> exclusive_start_key;
  std::optional<ddbkit::return_consumed_capacity> return_consumed_capacity;
};

/// One page of Query or Scan.
struct page_output {
  std::vector<ddbkit::item> items;
  int count = 0;          ///< items returned (after the filter)
  int scanned_count = 0;  ///< items read (before the filter)
  std::optional<ddbkit::item> last_evaluated_key;  ///< set when there are more pages
  std::optional<ddbkit::consumed_capacity> consumed_capacity;
};
using query_output = page_output;

template <>
struct operation_traits<query_input> {
  using output = query_output;
  static constexpr std::string_view name = "Query";
  /// A read.
  static constexpr bool repeat_is_harmless(const query_input&) { return true; }
};

}  // namespace ddbkit

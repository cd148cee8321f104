#pragma once
// ListTables: request and response.
#include <ddbkit/model/common.hpp>
#include <ddbkit/model/operation.hpp>

namespace ddbkit {

struct list_tables_input {
  std::optional<std::string> exclusive_start_table_name;
  std::optional<int> limit;  ///< 1..100
};

struct list_tables_output {
  std::vector<std::string> table_names;
  std::optional<std::string> last_evaluated_table_name;  ///< set when there are more
};

template <>
struct operation_traits<list_tables_input> {
  using output = list_tables_output;
  static constexpr std::string_view name = "ListTables";
  /// A read.
  static constexpr bool repeat_is_harmless(const list_tables_input&) { return true; }
};

}  // namespace ddbkit

#pragma once
// DescribeTable: request and response.
#include <ddbkit/model/create_table.hpp>

namespace ddbkit {

struct describe_table_input {
  std::string table_name;
};
using describe_table_output = table_output;

template <>
struct operation_traits<describe_table_input> {
  using output = describe_table_output;
  static constexpr std::string_view name = "DescribeTable";
  /// A read.
  static constexpr bool repeat_is_harmless(const describe_table_input&) { return true; }
};

}  // namespace ddbkit

#pragma once
// DeleteTable: request and response.
#include <ddbkit/model/create_table.hpp>

namespace ddbkit {

struct delete_table_input {
  std::string table_name;
};
using delete_table_output = table_output;

template <>
struct operation_traits<delete_table_input> {
  using output = delete_table_output;
  static constexpr std::string_view name = "DeleteTable";
  /// A repeat reports ResourceNotFound for its own first success.
  static constexpr bool repeat_is_harmless(const delete_table_input&) { return false; }
};

}  // namespace ddbkit

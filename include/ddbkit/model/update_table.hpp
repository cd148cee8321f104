#pragma once
// UpdateTable: request and response.
#include <ddbkit/model/create_table.hpp>

namespace ddbkit {

/// UpdateTable's Create: the same fields as a new index of CreateTable.
using global_secondary_index_create = global_secondary_index;

struct global_secondary_index_throughput_update {
  std::string index_name;
  ddbkit::provisioned_throughput provisioned_throughput;
};

struct global_secondary_index_delete {
  std::string index_name;
};

/// Exactly one of create / update / remove must be set (refused before sending otherwise).
struct global_secondary_index_update {
  std::optional<global_secondary_index_create> create;
  std::optional<global_secondary_index_throughput_update> update;
  std::optional<global_secondary_index_delete> remove;  ///< the wire's "Delete"
};

struct update_table_input {
  std::string table_name;
  std::vector<attribute_definition> attribute_definitions;  ///< for new index keys
  std::optional<ddbkit::billing_mode> billing_mode;
  std::optional<ddbkit::provisioned_throughput> provisioned_throughput;
  std::vector<global_secondary_index_update> global_secondary_index_updates;
  std::optional<ddbkit::stream_specification> stream_specification;
  std::optional<ddbkit::sse_specification> sse_specification;
  std::optional<ddbkit::table_class> table_class;
  std::optional<bool> deletion_protection_enabled;
};
using update_table_output = table_output;

template <>
struct operation_traits<update_table_input> {
  using output = update_table_output;
  static constexpr std::string_view name = "UpdateTable";
  /// A repeat may report an error for its own first success.
  static constexpr bool repeat_is_harmless(const update_table_input&) { return false; }
};

}  // namespace ddbkit

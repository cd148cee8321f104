#pragma once
// CreateTable: request and response.
#include <ddbkit/model/common.hpp>
#include <ddbkit/model/operation.hpp>

namespace ddbkit {

/// Checked before sending: table and index names (3..255 of [a-zA-Z0-9_.-]), a HASH key
/// optionally followed by a RANGE key for the table and each index, at least one attribute
/// definition, capacity units ≥ 1.
struct create_table_input {
  std::string table_name;
  std::vector<attribute_definition> attribute_definitions;  ///< every key attribute of table and indexes
  std::vector<key_schema_element> key_schema;
  std::optional<ddbkit::billing_mode> billing_mode;  ///< DynamoDB's default: PROVISIONED
  std::optional<ddbkit::provisioned_throughput> provisioned_throughput;  ///< PROVISIONED only
  std::vector<global_secondary_index> global_secondary_indexes;
  std::vector<local_secondary_index> local_secondary_indexes;
  std::optional<ddbkit::stream_specification> stream_specification;
  std::optional<ddbkit::sse_specification> sse_specification;
  std::optional<ddbkit::table_class> table_class;
  std::optional<bool> deletion_protection_enabled;
  std::map<std::string, std::string> tags;  ///< key → value
};

/// The result of CreateTable, DeleteTable, DescribeTable and UpdateTable: the
/// TableDescription (DescribeTable calls it "Table").
struct table_output {
  std::optional<table_description> table;
};
using create_table_output = table_output;

template <>
struct operation_traits<create_table_input> {
  using output = create_table_output;
  static constexpr std::string_view name = "CreateTable";
  /// A repeat reports ResourceInUse for its own first success.
  static constexpr bool repeat_is_harmless(const create_table_input&) { return false; }
};

}  // namespace ddbkit

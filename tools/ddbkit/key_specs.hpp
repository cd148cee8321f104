#pragma once
// Key attributes and indexes as `tables create` takes them: "NAME[:TYPE]" with TYPE one
// of S, N, B (default S), and "INDEX:PK[:TYPE][,SK[:TYPE]]" for a GSI, "INDEX:SK[:TYPE]"
// for an LSI (whose partition key is the table's).
#include "failure.hpp"

#include <ddbkit/model/create_table.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace ddbkit::cli {

struct key_attribute {
  std::string name;
  scalar_attribute_type type = scalar_attribute_type::s;
};

struct index_spec {
  std::string name;
  key_attribute partition;
  std::optional<key_attribute> sort;
};

/// "NAME[:TYPE]"; bad input naming `option` when the name is empty or the type unknown.
outcome<key_attribute> parse_key_attribute(std::string_view option, std::string_view text);
/// --gsi "INDEX:PK[:TYPE][,SK[:TYPE]]".
outcome<index_spec> parse_global_index(std::string_view text);
/// --lsi "INDEX:SK[:TYPE]", partitioned by the table's partition key.
outcome<index_spec> parse_local_index(std::string_view text, const key_attribute& table_partition);

/// CreateTable's key schema and attribute definitions for the table and its indexes (each
/// attribute defined once; one attribute given two types is bad input), every index
/// projecting all attributes.
outcome<create_table_input> table_definition(std::string table, const key_attribute& partition,
                                             const std::optional<key_attribute>& sort,
                                             const std::vector<index_spec>& global_indexes,
                                             const std::vector<index_spec>& local_indexes);

}  // namespace ddbkit::cli

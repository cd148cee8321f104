#pragma once
// What a table<T> knows of its table: the key schema of the table and of its indexes.
#include <ddbkit/error.hpp>
#include <ddbkit/model/common.hpp>
#include <ddbkit/table/key.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ddbkit {

/// A secondary index: its name, key schema, and whether it is global (a GSI: no strongly
/// consistent reads) or local (an LSI: same partition key as the table).
struct index_schema {
  std::string name;
  key_schema keys;
  bool global = true;
  friend bool operator==(const index_schema&, const index_schema&) = default;
};

struct table_schema {
  key_schema keys;
  std::vector<index_schema> indexes;

  /// The index named `name`, or nullptr.
  const index_schema* index(std::string_view name) const noexcept;

  /// From a DescribeTable answer. `serialization` error when the description has no usable
  /// key schema (no HASH element, two of a kind).
  static result<table_schema> from(const table_description& description);

  friend bool operator==(const table_schema&, const table_schema&) = default;
};

}  // namespace ddbkit

#pragma once
// A primary key value, and the names of the attributes that hold it.
#include <ddbkit/error.hpp>
#include <ddbkit/value/attribute_value.hpp>

#include <optional>
#include <string>

namespace ddbkit {

/// The value of a primary key: the partition key's value and, for a table (or index) with
/// a sort key, the sort key's. A regular value type.
struct key {
  attribute_value partition;
  std::optional<attribute_value> sort;
  friend bool operator==(const key&, const key&) = default;
};

/// The names of the key attributes of a table or an index (its KeySchema).
struct key_schema {
  std::string partition;            ///< the HASH attribute
  std::optional<std::string> sort;  ///< the RANGE attribute, when there is one

  /// `k` as the item DynamoDB takes for Key: {partition: …, sort: …}. `validation` error
  /// (field "Key.<name>") when a value is missing, is not S, N or B, is empty or too long,
  /// or when `k` has a sort value the schema has no sort key for, or lacks one it needs.
  result<item> to_item(const key& k) const;
  /// The key of `i` (an item holding at least the key attributes): `validation` error
  /// naming the attribute that is missing or not a key type.
  result<key> key_of(const item& i) const;
  /// The key attributes of `i` alone, as an item: what key_of() reads, as to_item() writes.
  result<item> key_item_of(const item& i) const;

  friend bool operator==(const key_schema&, const key_schema&) = default;
};

namespace detail {
/// A partition key value as text, for observers (call_options::partition_key): a S as it
/// is, a N by its canonical text (1.50 and 1.5 are one key), a B (or anything else) in
/// DynamoDB-JSON.
std::string partition_key_text(const attribute_value& value);
}  // namespace detail

}  // namespace ddbkit

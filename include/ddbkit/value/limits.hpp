#pragma once
// DynamoDB's limits on values, items and keys, checked before anything is sent.
#include <ddbkit/error.hpp>
#include <ddbkit/value/attribute_value.hpp>

#include <cstddef>
#include <string_view>

namespace ddbkit::limits {

inline constexpr std::size_t max_item_size = 400 * 1024;
inline constexpr std::size_t max_partition_key_size = 2048;
inline constexpr std::size_t max_sort_key_size = 1024;
inline constexpr std::size_t max_nesting_depth = 32;
inline constexpr std::size_t max_number_digits = 38;
inline constexpr std::size_t max_attribute_name_size = 64 * 1024;
inline constexpr std::size_t max_key_attribute_name_size = 255;

// Expressions. The one place these rules live: the request checks of model/ and the
// expression builders of expr/ both use them.

/// Any expression string, in bytes.
inline constexpr std::size_t max_expression_size = 4 * 1024;
/// A placeholder ("#name" or ":value"), in bytes.
inline constexpr std::size_t max_placeholder_size = 255;
/// Operators and functions in one UpdateExpression.
inline constexpr std::size_t max_update_operators = 300;
/// Candidates of one IN.
inline constexpr std::size_t max_in_candidates = 100;
/// Levels below the top-level attribute in a document path.
inline constexpr std::size_t max_path_depth = 32;

/// A character that may follow a placeholder's sigil: a letter, a digit or '_'.
constexpr bool is_placeholder_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// A placeholder as DynamoDB accepts it: `sigil` ('#' for names, ':' for values), then one
/// or more letters, digits or '_', at most 255 bytes in all.
result<void> validate_placeholder(std::string_view placeholder, char sigil, std::string_view field);

/// An expression string that is not empty and at most 4 KB.
result<void> validate_expression_text(std::string_view expression, std::string_view field);

/// A value is sendable: no empty set, no empty attribute name inside a map, nesting ≤ 32.
/// The error is `validation` and names `field` plus the path inside the value.
result<void> validate_value(const attribute_value& value, std::string_view field);

/// An item is sendable: every value valid, no empty names, and its size ≤ 400 KB.
result<void> validate_item(const item& value, std::string_view field);

/// A key attribute is of a key type (S, N, B), non-empty for S/B, and within the size
/// limit of its role.
result<void> validate_key_attribute(std::string_view name, const attribute_value& value,
                                    bool is_partition_key, std::string_view field);

}  // namespace ddbkit::limits

#pragma once
// Item size by DynamoDB's rules, to refuse an item over 400 KB before sending it.
#include <ddbkit/value/attribute_value.hpp>

#include <cstddef>
#include <string_view>

namespace ddbkit {

/// Size in bytes DynamoDB counts for a value: S = UTF-8 bytes; B = raw bytes; N = about
/// (significant digits / 2) + 1, plus 1 for a negative number; BOOL and NULL = 1;
/// L and M = 3 + their members (an M member counts its name too) + 1 per member;
/// sets = the sum of their members.
std::size_t attribute_size(const attribute_value& value) noexcept;

/// Size of one attribute: the UTF-8 length of its name plus its value.
std::size_t attribute_size(std::string_view name, const attribute_value& value) noexcept;

/// Size of an item: the sum of its attributes.
std::size_t item_size(const item& value) noexcept;

}  // namespace ddbkit

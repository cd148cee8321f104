#pragma once
// Internal: a key as text, equal for equal keys (numbers by value), to find duplicates and
// match what DynamoDB hands back (unprocessed items and keys) with what was sent.
#include <ddbkit/value/attribute_value.hpp>

#include <string>
#include <string_view>

namespace ddbkit::detail {

/// `key` holds key attributes only (S, N or B). Length-prefixed, so no value can forge
/// another's text.
std::string key_text(std::string_view table, const item& key);

}  // namespace ddbkit::detail

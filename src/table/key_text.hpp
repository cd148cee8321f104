#pragma once
// Internal: a key as text, equal for equal keys (numbers by value), to find duplicates and
// match what DynamoDB hands back (unprocessed items and keys) with what was sent.
#include <ddbkit/error.hpp>
#include <ddbkit/table/key.hpp>
#include <ddbkit/value/attribute_value.hpp>

#include <string>
#include <string_view>

namespace ddbkit::detail {

/// `key` holds key attributes only (S, N or B). Length-prefixed, so no value can forge
/// another's text.
std::string key_text(std::string_view table, const item& key);

/// key_text(table, *schema.key_item_of(i)) written into `out` (replacing what it held),
/// without building the key item: for every write of a batch, so `out` is a buffer the
/// caller reuses. The same errors as key_item_of().
result<void> key_text_of(std::string& out, std::string_view table, const key_schema& schema, const item& i);

}  // namespace ddbkit::detail

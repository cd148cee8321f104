#pragma once
// Plain JSON for items ({"pk": "a", "n": 1}), as people write them, beside the wire form
// (dynamodb_json.hpp). Pure functions: no I/O, no shared state, safe from any thread.
#include <ddbkit/error.hpp>
#include <ddbkit/value/attribute_value.hpp>

#include <string>
#include <string_view>

namespace ddbkit {

/// Decodes an item written as plain JSON: string → S, number → N (its exact text, so
/// 0.10 and 12345678901234567890 arrive unrounded), true/false → BOOL, null → NULL,
/// array → L, object → M. Sets and binary have no plain form. Errors (`serialization`,
/// message starting with the path, e.g. "item.a[2]: '1e999' is outside DynamoDB's range"):
/// not JSON, not an object, nested deeper than 64 levels, a number DynamoDB cannot hold.
/// A key given twice keeps its last value, as boost::json::parse does.
result<item> parse_plain_item(std::string_view json);

/// Decodes an item in either form. It is DynamoDB-JSON when every top-level value is an
/// object with exactly one member named S, N, B, SS, NS, BS, M, L, NULL or BOOL holding that
/// type's JSON shape (a string; an array of strings; an object; an array; a boolean), and
/// is then decoded by parse_item() with its errors; otherwise it is plain JSON. The rule
/// makes `{"a": {"S": "x"}}` DynamoDB-JSON: a plain map whose only key is a type name
/// must be written as DynamoDB-JSON (`{"a": {"M": {"S": {"S": "x"}}}}`).
result<item> parse_item_any(std::string_view json);

/// The plain JSON of a value, for people and for tools that do not know DynamoDB-JSON:
/// S → string, N → number (its exact text), BOOL, NULL → null, L and SS/NS → arrays,
/// M → object, B and BS → base64 strings. Reading it back with parse_plain_item() gives the
/// same item when it holds no sets and no binary.
std::string to_plain_json(const attribute_value& value);
std::string to_plain_json(const item& value);

}  // namespace ddbkit

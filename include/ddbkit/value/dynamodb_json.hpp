#pragma once
// DynamoDB-JSON: the wire form of attribute values ({"S":"x"}, {"N":"1"}, {"B":"<base64>"}…).
#include <ddbkit/error.hpp>
#include <ddbkit/value/attribute_value.hpp>

#include <string>
#include <string_view>

namespace ddbkit {

/// Encodes one value, e.g. `{"M":{"a":{"N":"1"}}}`. B and BS members are base64.
std::string to_dynamodb_json(const attribute_value& value);
/// Encodes an item as an object of attribute names to encoded values.
std::string to_dynamodb_json(const item& value);

/// Decodes one value. Malformed input (bad JSON, unknown type descriptor, invalid number
/// or base64, duplicate set member) gives a `serialization` error naming the path.
result<attribute_value> parse_attribute_value(std::string_view json);
/// Decodes an item (an object of attribute names to encoded values).
result<item> parse_item(std::string_view json);

}  // namespace ddbkit

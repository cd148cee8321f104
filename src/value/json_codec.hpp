#pragma once
// Internal: DynamoDB-JSON for the model layer, on json_writer (out) and simdjson's DOM (in,
// parsed_json).
#include <ddbkit/error.hpp>
#include <ddbkit/value/attribute_value.hpp>

#include <string_view>

#include "value/json_writer.hpp"

namespace simdjson::dom {
class element;
}

namespace ddbkit::detail {

void write_attribute_value(json_writer& w, const attribute_value& v);
/// Writes `{"name": <value>, ...}`.
void write_item(json_writer& w, const item& i);

/// `field` names the position in the response for error messages (e.g. "Item.tags[2]").
result<attribute_value> read_attribute_value(const simdjson::dom::element& v, std::string_view field);
result<item> read_item(const simdjson::dom::element& v, std::string_view field);

}  // namespace ddbkit::detail

#pragma once
// Internal: DynamoDB-JSON for the model layer, on json_writer (out) and Boost.JSON (in).
#include <ddbkit/error.hpp>
#include <ddbkit/value/attribute_value.hpp>

#include <boost/json/parse_options.hpp>
#include <boost/json/value.hpp>

#include <string_view>

#include "value/json_writer.hpp"

namespace ddbkit::detail {

/// Boost.JSON's default depth limit (32) is below what DynamoDB-JSON needs: every L/M
/// level of an item is two JSON levels, and items nest up to 32. Use these options for
/// every parse of a DynamoDB body.
inline boost::json::parse_options dynamodb_parse_options() {
  boost::json::parse_options options;
  options.max_depth = 160;
  return options;
}

void write_attribute_value(json_writer& w, const attribute_value& v);
/// Writes `{"name": <value>, ...}`.
void write_item(json_writer& w, const item& i);

/// `field` names the position in the response for error messages (e.g. "Item.tags[2]").
result<attribute_value> read_attribute_value(const boost::json::value& v, std::string_view field);
result<item> read_item(const boost::json::value& v, std::string_view field);

}  // namespace ddbkit::detail

#include <ddbkit/value/dynamodb_json.hpp>

#include "value/json_codec.hpp"
#include "value/parsed_json.hpp"

namespace ddbkit {
namespace {

error not_json(const detail::parsed_json& parsed) {
  return error(error_code::serialization, "not valid JSON: " + std::string(parsed.why_not()));
}

}  // namespace

std::string to_dynamodb_json(const attribute_value& value) {
  std::string out;
  detail::json_writer w(out);
  detail::write_attribute_value(w, value);
  return out;
}

std::string to_dynamodb_json(const item& value) {
  std::string out;
  detail::json_writer w(out);
  detail::write_item(w, value);
  return out;
}

result<attribute_value> parse_attribute_value(std::string_view json) {
  const detail::parsed_json parsed(json);
  if (!parsed.ok()) return std::unexpected(not_json(parsed));
  return detail::read_attribute_value(parsed.root(), "value");
}

result<item> parse_item(std::string_view json) {
  const detail::parsed_json parsed(json);
  if (!parsed.ok()) return std::unexpected(not_json(parsed));
  return detail::read_item(parsed.root(), "item");
}

}  // namespace ddbkit

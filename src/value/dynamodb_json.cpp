#include <ddbkit/value/dynamodb_json.hpp>

#include "value/json_codec.hpp"

#include <boost/json/parse.hpp>

namespace ddbkit {
namespace {

result<boost::json::value> parse_json(std::string_view json) {
  boost::system::error_code ec;
  auto value = boost::json::parse(json, ec, {}, detail::dynamodb_parse_options());
  if (ec) return fail(error_code::serialization, "not valid JSON: " + ec.message());
  return value;
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
  auto parsed = parse_json(json);
  if (!parsed) return std::unexpected(parsed.error());
  return detail::read_attribute_value(*parsed, "value");
}

result<item> parse_item(std::string_view json) {
  auto parsed = parse_json(json);
  if (!parsed) return std::unexpected(parsed.error());
  return detail::read_item(*parsed, "item");
}

}  // namespace ddbkit

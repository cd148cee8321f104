#include "model/json_reader.hpp"

#include "value/json_codec.hpp"

#include <cmath>

namespace ddbkit::detail {

using simdjson::SUCCESS;
using simdjson::dom::element_type;

json_reader::json_reader(json_value v, std::string path) : path_(std::move(path)) {
  simdjson::dom::object object;
  if (v.get_object().get(object) == SUCCESS) object_ = object;
  else set_error(error(error_code::serialization, (path_.empty() ? "response" : path_) + ": expected an object"));
}

result<void> json_reader::status() const {
  if (error_) return std::unexpected(*error_);
  return {};
}

std::string json_reader::member_path(std::string_view key) const {
  if (key.empty()) return path_.empty() ? std::string("response") : path_;  // the object itself
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

std::optional<json_value> json_reader::find(std::string_view key) const {
  json_value v;
  if (!object_ || object_->at_key(key).get(v) != SUCCESS || v.is_null()) return std::nullopt;
  return v;
}

void json_reader::fail(std::string_view key, std::string_view why) {
  set_error(error(error_code::serialization, member_path(key) + ": " + std::string(why)));
}

std::optional<simdjson::dom::array> json_reader::array_member(std::string_view key) {
  const auto v = find(key);
  if (!v || !ok()) return std::nullopt;
  simdjson::dom::array array;
  if (v->get_array().get(array) != SUCCESS) {
    fail(key, "expected an array");
    return std::nullopt;
  }
  return array;
}

void json_reader::read(std::string_view key, std::string& out) {
  std::optional<std::string> value;
  read(key, value);
  if (value) out = std::move(*value);
}

void json_reader::read(std::string_view key, std::optional<std::string>& out) {
  const auto v = find(key);
  if (!v) return;
  std::string_view text;
  if (v->get_string().get(text) == SUCCESS) out = std::string(text);
  else fail(key, "expected a string");
}

void json_reader::read(std::string_view key, std::optional<bool>& out) {
  const auto v = find(key);
  if (!v) return;
  bool flag = false;
  if (v->get_bool().get(flag) == SUCCESS) out = flag;
  else fail(key, "expected true or false");
}

void json_reader::read(std::string_view key, bool& out) {
  std::optional<bool> value;
  read(key, value);
  if (value) out = *value;
}

void json_reader::read(std::string_view key, std::optional<std::int64_t>& out) {
  const auto v = find(key);
  if (!v) return;
  // simdjson types an integer as INT64 when it fits, else as UINT64 (refused: beyond
  // INT64_MAX); a number written with a fraction or an exponent is a DOUBLE, integral or not.
  std::int64_t i = 0;
  double d = 0;
  if (v->type() == element_type::INT64 && v->get_int64().get(i) == SUCCESS) out = i;
  else if (v->type() == element_type::DOUBLE && v->get_double().get(d) == SUCCESS && std::trunc(d) == d &&
           std::abs(d) < 9e18) out = static_cast<std::int64_t>(d);
  else fail(key, "expected an integer");
}

void json_reader::read(std::string_view key, std::int64_t& out) {
  std::optional<std::int64_t> value;
  read(key, value);
  if (value) out = *value;
}

void json_reader::read(std::string_view key, std::optional<int>& out) {
  std::optional<std::int64_t> value;
  read(key, value);
  if (!value) return;
  if (*value < INT32_MIN || *value > INT32_MAX) return fail(key, "integer out of range");
  out = static_cast<int>(*value);
}

void json_reader::read(std::string_view key, int& out) {
  std::optional<int> value;
  read(key, value);
  if (value) out = *value;
}

void json_reader::read(std::string_view key, std::optional<double>& out) {
  const auto v = find(key);
  if (!v) return;
  double d = 0;
  if (v->get_double().get(d) == SUCCESS) out = d;  // any number: an integer converts
  else fail(key, "expected a number");
}

void json_reader::read(std::string_view key, std::optional<item>& out) {
  const auto v = find(key);
  if (!v || !ok()) return;
  auto decoded = read_item(*v, member_path(key));
  if (decoded) out = std::move(*decoded);
  else set_error(decoded.error());
}

void json_reader::read(std::string_view key, item& out) {
  std::optional<item> value;
  read(key, value);
  if (value) out = std::move(*value);
}

void json_reader::read(std::string_view key, std::vector<item>& out) {
  const auto array = array_member(key);
  if (!array) return;
  out.reserve(array->size());
  std::size_t i = 0;
  for (const json_value element : *array) {
    auto decoded = read_item(element, member_path(key) + "[" + std::to_string(i++) + "]");
    if (!decoded) return set_error(decoded.error());
    out.push_back(std::move(*decoded));
  }
}

void json_reader::read(std::string_view key, std::vector<std::string>& out) {
  const auto array = array_member(key);
  if (!array) return;
  for (const json_value element : *array) {
    std::string_view text;
    if (element.get_string().get(text) != SUCCESS) return fail(key, "expected an array of strings");
    out.emplace_back(text);
  }
}

void json_reader::read(std::string_view key, std::vector<double>& out) {
  const auto array = array_member(key);
  if (!array) return;
  for (const json_value element : *array) {
    double d = 0;
    if (element.get_double().get(d) != SUCCESS) return fail(key, "expected an array of numbers");
    out.push_back(d);
  }
}

bool json_reader::require(std::string_view key) {
  if (find(key)) return true;
  if (object_) fail(key, "missing");
  return false;
}

error not_json(const parsed_json& body) {
  return error(error_code::serialization, "response body is not valid JSON: " + std::string(body.why_not()));
}

}  // namespace ddbkit::detail

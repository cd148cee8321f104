#include "model/json_reader.hpp"

#include "value/json_codec.hpp"

#include <boost/json/parse.hpp>

#include <cmath>

namespace ddbkit::detail {
namespace {
std::string_view view(const boost::json::string& s) { return {s.data(), s.size()}; }
}  // namespace

json_reader::json_reader(const boost::json::value& v, std::string path) : path_(std::move(path)) {
  object_ = v.if_object();
  if (object_ == nullptr) set_error(error(error_code::serialization, (path_.empty() ? "response" : path_) + ": expected an object"));
}

result<void> json_reader::status() const {
  if (error_) return std::unexpected(*error_);
  return {};
}

std::string json_reader::member_path(std::string_view key) const {
  if (key.empty()) return path_.empty() ? std::string("response") : path_;  // the object itself
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const boost::json::value* json_reader::find(std::string_view key) const {
  if (object_ == nullptr) return nullptr;
  const auto* v = object_->if_contains(key);
  return v == nullptr || v->is_null() ? nullptr : v;
}

void json_reader::fail(std::string_view key, std::string_view why) {
  set_error(error(error_code::serialization, member_path(key) + ": " + std::string(why)));
}

const boost::json::array* json_reader::array_member(std::string_view key) {
  const auto* v = find(key);
  if (v == nullptr || !ok()) return nullptr;
  const auto* array = v->if_array();
  if (array == nullptr) fail(key, "expected an array");
  return array;
}

void json_reader::read(std::string_view key, std::string& out) {
  std::optional<std::string> value;
  read(key, value);
  if (value) out = std::move(*value);
}

void json_reader::read(std::string_view key, std::optional<std::string>& out) {
  const auto* v = find(key);
  if (v == nullptr) return;
  if (const auto* s = v->if_string()) out = std::string(view(*s));
  else fail(key, "expected a string");
}

void json_reader::read(std::string_view key, std::optional<bool>& out) {
  const auto* v = find(key);
  if (v == nullptr) return;
  if (const auto* b = v->if_bool()) out = *b;
  else fail(key, "expected true or false");
}

void json_reader::read(std::string_view key, bool& out) {
  std::optional<bool> value;
  read(key, value);
  if (value) out = *value;
}

void json_reader::read(std::string_view key, std::optional<std::int64_t>& out) {
  const auto* v = find(key);
  if (v == nullptr) return;
  if (const auto* i = v->if_int64()) out = *i;
  else if (const auto* u = v->if_uint64(); u && *u <= static_cast<std::uint64_t>(INT64_MAX)) out = static_cast<std::int64_t>(*u);
  else if (const auto* d = v->if_double(); d && std::trunc(*d) == *d && std::abs(*d) < 9e18) out = static_cast<std::int64_t>(*d);
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
  const auto* v = find(key);
  if (v == nullptr) return;
  if (v->is_number()) out = v->to_number<double>();
  else fail(key, "expected a number");
}

void json_reader::read(std::string_view key, std::optional<item>& out) {
  const auto* v = find(key);
  if (v == nullptr || !ok()) return;
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
  const auto* array = array_member(key);
  if (array == nullptr) return;
  out.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    auto decoded = read_item((*array)[i], member_path(key) + "[" + std::to_string(i) + "]");
    if (!decoded) return set_error(decoded.error());
    out.push_back(std::move(*decoded));
  }
}

void json_reader::read(std::string_view key, std::vector<std::string>& out) {
  const auto* array = array_member(key);
  if (array == nullptr) return;
  for (const auto& element : *array) {
    const auto* s = element.if_string();
    if (s == nullptr) return fail(key, "expected an array of strings");
    out.emplace_back(view(*s));
  }
}

void json_reader::read(std::string_view key, std::vector<double>& out) {
  const auto* array = array_member(key);
  if (array == nullptr) return;
  for (const auto& element : *array) {
    if (!element.is_number()) return fail(key, "expected an array of numbers");
    out.push_back(element.to_number<double>());
  }
}

bool json_reader::require(std::string_view key) {
  if (find(key) != nullptr) return true;
  if (object_ != nullptr) fail(key, "missing");
  return false;
}

result<boost::json::value> parse_body(std::string_view body, boost::json::storage_ptr storage) {
  boost::system::error_code ec;
  try {
    auto value = boost::json::parse(body, ec, std::move(storage), dynamodb_parse_options());
    if (!ec) return value;
  } catch (const boost::system::system_error& e) {
    ec = e.code();
  }
  return fail(error_code::serialization, "response body is not valid JSON: " + ec.message());
}

}  // namespace ddbkit::detail

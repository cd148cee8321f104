#include "value/json_codec.hpp"

#include "value/base64.hpp"

#include <simdjson.h>

namespace ddbkit::detail {
namespace {

// Deeper values than this are refused while decoding, so hostile input cannot exhaust the
// stack (DynamoDB itself allows 32 levels).
constexpr int max_decode_depth = 64;

struct value_writer {
  json_writer& w;

  template <class Set, class Member>
  void set(std::string_view type, const Set& members, Member write_member) {
    w.begin_object();
    w.key(type);
    w.begin_array();
    for (const auto& m : members) write_member(m);
    w.end_array();
    w.end_object();
  }

  void operator()(const std::string& s) { w.begin_object(); w.member("S", s); w.end_object(); }
  void operator()(const number& n) { w.begin_object(); w.member("N", n.text()); w.end_object(); }
  void operator()(const bytes& b) {
    w.begin_object();
    w.key("B");
    w.base64_string(b.data(), b.size());
    w.end_object();
  }
  void operator()(bool b) { w.begin_object(); w.member("BOOL", b); w.end_object(); }
  void operator()(null_value) { w.begin_object(); w.member("NULL", true); w.end_object(); }
  void operator()(const attribute_value::list_type& l) {
    w.begin_object();
    w.key("L");
    w.begin_array();
    for (const auto& v : l) write_attribute_value(w, v);
    w.end_array();
    w.end_object();
  }
  void operator()(const item& m) {
    w.begin_object();
    w.key("M");
    write_item(w, m);
    w.end_object();
  }
  void operator()(const attribute_value::string_set& s) {
    set("SS", s, [&](const std::string& m) { w.string(m); });
  }
  void operator()(const attribute_value::number_set& s) {
    set("NS", s, [&](const number& m) { w.string(m.text()); });
  }
  void operator()(const attribute_value::binary_set& s) {
    set("BS", s, [&](const bytes& m) { w.base64_string(m.data(), m.size()); });
  }
};

result<attribute_value> bad(std::string_view field, std::string_view why) {
  return fail(error_code::serialization, std::string(field) + ": " + std::string(why));
}

result<attribute_value> read_value(simdjson::dom::element v, std::string& field, int depth);

result<item> read_map(simdjson::dom::element v, std::string& field, int depth) {
  simdjson::dom::object object;
  if (v.get_object().get(object) != simdjson::SUCCESS) {
    return fail(error_code::serialization, field + ": expected an object of attributes");
  }
  item out;
  const std::size_t base = field.size();
  for (const auto member : object) {
    field.append(".").append(member.key);
    auto value = read_value(member.value, field, depth + 1);
    if (!value) return std::unexpected(value.error());
    field.resize(base);
    // A name given twice keeps its last value, as in plain JSON (parse_plain_item).
    out.insert_or_assign(out.end(), std::string(member.key), std::move(*value));
  }
  return out;
}

template <class Set, class Convert>
result<attribute_value> read_set(simdjson::dom::element v, std::string& field, std::string_view type,
                                 Convert convert) {
  simdjson::dom::array array;
  if (v.get_array().get(array) != simdjson::SUCCESS) return bad(field, std::string(type) + " must be an array");
  Set out;
  for (const auto member : array) {
    std::string_view text;
    if (member.get_string().get(text) != simdjson::SUCCESS) {
      return bad(field, std::string(type) + " members must be strings");
    }
    auto converted = convert(text);
    if (!converted) return bad(field, "invalid " + std::string(type) + " member");
    if (!out.insert(std::move(*converted)).second) return bad(field, "duplicate " + std::string(type) + " member");
  }
  return attribute_value(std::move(out));
}

result<attribute_value> read_value(simdjson::dom::element v, std::string& field, int depth) {
  if (depth > max_decode_depth) return bad(field, "nested too deeply");
  simdjson::dom::object object;
  if (v.get_object().get(object) != simdjson::SUCCESS || object.size() != 1) {
    return bad(field, "an attribute value is an object with exactly one type member");
  }
  const auto member = *object.begin();
  const std::string_view type = member.key;
  const simdjson::dom::element payload = member.value;
  std::string_view text;
  const bool is_text = payload.get_string().get(text) == simdjson::SUCCESS;
  if (type == "S") {
    if (is_text) return attribute_value(std::string(text));
    return bad(field, "S must be a string");
  }
  if (type == "N") {
    if (!is_text) return bad(field, "N must be a string");
    auto n = number::parse(text);
    if (!n) return bad(field, n.error().message());
    return attribute_value(std::move(*n));
  }
  if (type == "B") {
    auto decoded = is_text ? decode_base64(text) : std::nullopt;
    if (!decoded) return bad(field, "B must be base64");
    return attribute_value(std::move(*decoded));
  }
  bool flag = false;
  const bool is_flag = payload.get_bool().get(flag) == simdjson::SUCCESS;
  if (type == "BOOL") {
    if (is_flag) return attribute_value(flag);
    return bad(field, "BOOL must be true or false");
  }
  if (type == "NULL") {
    if (is_flag && flag) return attribute_value(null_value{});
    return bad(field, "NULL must be true");
  }
  if (type == "L") {
    simdjson::dom::array array;
    if (payload.get_array().get(array) != simdjson::SUCCESS) return bad(field, "L must be an array");
    attribute_value::list_type list;
    list.reserve(array.size());
    const std::size_t base = field.size();
    std::size_t i = 0;
    for (const auto element : array) {
      field.append("[").append(std::to_string(i++)).append("]");
      auto decoded = read_value(element, field, depth + 1);
      if (!decoded) return decoded;
      field.resize(base);
      list.push_back(std::move(*decoded));
    }
    return attribute_value(std::move(list));
  }
  if (type == "M") {
    auto map = read_map(payload, field, depth);
    if (!map) return std::unexpected(map.error());
    return attribute_value(std::move(*map));
  }
  if (type == "SS") {
    return read_set<attribute_value::string_set>(payload, field, type,
                                                 [](std::string_view s) { return std::optional<std::string>(s); });
  }
  if (type == "NS") {
    return read_set<attribute_value::number_set>(payload, field, type, [](std::string_view s) {
      auto n = number::parse(s);
      return n ? std::optional<number>(std::move(*n)) : std::nullopt;
    });
  }
  if (type == "BS") {
    return read_set<attribute_value::binary_set>(payload, field, type,
                                                 [](std::string_view s) { return decode_base64(s); });
  }
  return bad(field, "unknown type descriptor '" + std::string(type.substr(0, 16)) + "'");
}

}  // namespace

void write_attribute_value(json_writer& w, const attribute_value& v) { v.visit(value_writer{w}); }

void write_item(json_writer& w, const item& i) {
  w.begin_object();
  for (const auto& [name, value] : i) {
    w.key(name);
    write_attribute_value(w, value);
  }
  w.end_object();
}

result<attribute_value> read_attribute_value(const simdjson::dom::element& v, std::string_view field) {
  std::string path(field);
  return read_value(v, path, 0);
}

result<item> read_item(const simdjson::dom::element& v, std::string_view field) {
  std::string path(field);
  return read_map(v, path, 0);
}

}  // namespace ddbkit::detail

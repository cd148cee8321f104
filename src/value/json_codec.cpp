#include "value/json_codec.hpp"

#include "value/base64.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

namespace ddbkit::detail {
namespace {

// Deeper values than this are refused while decoding, so hostile input cannot exhaust the
// stack (DynamoDB itself allows 32 levels).
constexpr int max_decode_depth = 64;

std::string_view view(const boost::json::string& s) { return {s.data(), s.size()}; }

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

result<attribute_value> read_value(const boost::json::value& v, std::string& field, int depth);

result<item> read_map(const boost::json::value& v, std::string& field, int depth) {
  const auto* object = v.if_object();
  if (object == nullptr) return fail(error_code::serialization, field + ": expected an object of attributes");
  item out;
  const std::size_t base = field.size();
  for (const auto& member : *object) {
    const std::string_view name(member.key().data(), member.key().size());
    field.append(".").append(name);
    auto value = read_value(member.value(), field, depth + 1);
    if (!value) return std::unexpected(value.error());
    field.resize(base);
    out.emplace_hint(out.end(), std::string(name), std::move(*value));
  }
  return out;
}

template <class Set, class Convert>
result<attribute_value> read_set(const boost::json::value& v, std::string& field, std::string_view type,
                                 Convert convert) {
  const auto* array = v.if_array();
  if (array == nullptr) return bad(field, std::string(type) + " must be an array");
  Set out;
  for (const auto& member : *array) {
    const auto* text = member.if_string();
    if (text == nullptr) return bad(field, std::string(type) + " members must be strings");
    auto converted = convert(view(*text));
    if (!converted) return bad(field, "invalid " + std::string(type) + " member");
    if (!out.insert(std::move(*converted)).second) return bad(field, "duplicate " + std::string(type) + " member");
  }
  return attribute_value(std::move(out));
}

result<attribute_value> read_value(const boost::json::value& v, std::string& field, int depth) {
  if (depth > max_decode_depth) return bad(field, "nested too deeply");
  const auto* object = v.if_object();
  if (object == nullptr || object->size() != 1) {
    return bad(field, "an attribute value is an object with exactly one type member");
  }
  const auto& member = *object->begin();
  const std::string_view type(member.key().data(), member.key().size());
  const boost::json::value& payload = member.value();
  if (type == "S") {
    if (const auto* s = payload.if_string()) return attribute_value(std::string(view(*s)));
    return bad(field, "S must be a string");
  }
  if (type == "N") {
    const auto* s = payload.if_string();
    if (s == nullptr) return bad(field, "N must be a string");
    auto n = number::parse(view(*s));
    if (!n) return bad(field, n.error().message());
    return attribute_value(std::move(*n));
  }
  if (type == "B") {
    const auto* s = payload.if_string();
    auto decoded = s ? decode_base64(view(*s)) : std::nullopt;
    if (!decoded) return bad(field, "B must be base64");
    return attribute_value(std::move(*decoded));
  }
  if (type == "BOOL") {
    if (const auto* b = payload.if_bool()) return attribute_value(*b);
    return bad(field, "BOOL must be true or false");
  }
  if (type == "NULL") {
    if (const auto* b = payload.if_bool(); b && *b) return attribute_value(null_value{});
    return bad(field, "NULL must be true");
  }
  if (type == "L") {
    const auto* array = payload.if_array();
    if (array == nullptr) return bad(field, "L must be an array");
    attribute_value::list_type list;
    list.reserve(array->size());
    const std::size_t base = field.size();
    for (std::size_t i = 0; i < array->size(); ++i) {
      field.append("[").append(std::to_string(i)).append("]");
      auto element = read_value((*array)[i], field, depth + 1);
      if (!element) return element;
      field.resize(base);
      list.push_back(std::move(*element));
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

result<attribute_value> read_attribute_value(const boost::json::value& v, std::string_view field) {
  std::string path(field);
  return read_value(v, path, 0);
}

result<item> read_item(const boost::json::value& v, std::string_view field) {
  std::string path(field);
  return read_map(v, path, 0);
}

}  // namespace ddbkit::detail

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

/// Where a value sits in the response, for error messages ("Item.tags[2]"): a chain of
/// stack frames, written out only when a value is refused. Building the text for every value
/// decoded cost more than decoding some of them.
struct value_path {
  std::string_view root;  ///< the first link's text; empty below it
  const value_path* parent = nullptr;
  std::string_view member;  ///< ".member" below a map (a hostile response may send "")
  bool in_list = false;     ///< "[index]" below a list instead
  std::size_t index = 0;

  std::string text() const {
    if (parent == nullptr) return std::string(root);
    std::string out = parent->text();
    if (!in_list) return out.append(".").append(member);
    return out.append("[").append(std::to_string(index)).append("]");
  }
};

std::unexpected<error> bad(const value_path& at, std::string_view why) {
  return fail(error_code::serialization, at.text() + ": " + std::string(why));
}

// Values are decoded into their final place (a map's node, a list's element): returning
// each one and moving it there cost two moves of the variant per value.
result<void> read_value_into(attribute_value& out, simdjson::dom::element v, const value_path& at, int depth);

result<void> read_map_into(item& out, simdjson::dom::element v, const value_path& at, int depth) {
  simdjson::dom::object object;
  if (v.get_object().get(object) != simdjson::SUCCESS) return bad(at, "expected an object of attributes");
  for (const auto member : object) {
    // A name given twice keeps its last value, as in plain JSON (parse_plain_item).
    auto& slot = out.try_emplace(std::string(member.key)).first->second;
    auto read = read_value_into(slot, member.value, value_path{.parent = &at, .member = member.key}, depth + 1);
    if (!read) return read;
  }
  return {};
}

template <class Set, class Convert>
result<void> read_set_into(attribute_value& into, simdjson::dom::element v, const value_path& at,
                           std::string_view type, Convert convert) {
  simdjson::dom::array array;
  if (v.get_array().get(array) != simdjson::SUCCESS) return bad(at, std::string(type) + " must be an array");
  Set out;
  for (const auto member : array) {
    std::string_view text;
    if (member.get_string().get(text) != simdjson::SUCCESS) {
      return bad(at, std::string(type) + " members must be strings");
    }
    auto converted = convert(text);
    if (!converted) return bad(at, "invalid " + std::string(type) + " member");
    if (!out.insert(std::move(*converted)).second) return bad(at, "duplicate " + std::string(type) + " member");
  }
  into = attribute_value(std::move(out));
  return {};
}

/// DynamoDB-JSON's type descriptors.
enum class descriptor { s, n, b, boolean, null, l, m, ss, ns, bs, unknown };

/// The descriptor `type` names, by its length and letters: a chain of string comparisons,
/// each a call to memcmp, cost more than the rest of decoding a short string value.
descriptor descriptor_of(std::string_view type) {
  switch (type.size()) {
    case 1:
      switch (type[0]) {
        case 'S': return descriptor::s;
        case 'N': return descriptor::n;
        case 'B': return descriptor::b;
        case 'L': return descriptor::l;
        case 'M': return descriptor::m;
        default: return descriptor::unknown;
      }
    case 2:
      if (type[1] != 'S') return descriptor::unknown;
      switch (type[0]) {
        case 'S': return descriptor::ss;
        case 'N': return descriptor::ns;
        case 'B': return descriptor::bs;
        default: return descriptor::unknown;
      }
    case 4:
      if (type == "BOOL") return descriptor::boolean;
      if (type == "NULL") return descriptor::null;
      return descriptor::unknown;
    default:
      return descriptor::unknown;
  }
}

result<void> read_value_into(attribute_value& out, simdjson::dom::element v, const value_path& at, int depth) {
  if (depth > max_decode_depth) return bad(at, "nested too deeply");
  simdjson::dom::object object;
  if (v.get_object().get(object) != simdjson::SUCCESS || object.size() != 1) {
    return bad(at, "an attribute value is an object with exactly one type member");
  }
  const auto member = *object.begin();
  const std::string_view type = member.key;
  const simdjson::dom::element payload = member.value;
  std::string_view text;
  bool flag = false;
  switch (descriptor_of(type)) {
    case descriptor::s:
      if (payload.get_string().get(text) != simdjson::SUCCESS) return bad(at, "S must be a string");
      out = attribute_value(std::string(text));
      return {};
    case descriptor::n: {
      if (payload.get_string().get(text) != simdjson::SUCCESS) return bad(at, "N must be a string");
      auto n = number::parse(text);
      if (!n) return bad(at, n.error().message());
      out = attribute_value(std::move(*n));
      return {};
    }
    case descriptor::b: {
      auto decoded = payload.get_string().get(text) == simdjson::SUCCESS ? decode_base64(text) : std::nullopt;
      if (!decoded) return bad(at, "B must be base64");
      out = attribute_value(std::move(*decoded));
      return {};
    }
    case descriptor::boolean:
      if (payload.get_bool().get(flag) != simdjson::SUCCESS) return bad(at, "BOOL must be true or false");
      out = attribute_value(flag);
      return {};
    case descriptor::null:
      if (payload.get_bool().get(flag) != simdjson::SUCCESS || !flag) return bad(at, "NULL must be true");
      out = attribute_value(null_value{});
      return {};
    case descriptor::l: {
      simdjson::dom::array array;
      if (payload.get_array().get(array) != simdjson::SUCCESS) return bad(at, "L must be an array");
      attribute_value::list_type list;
      list.reserve(array.size());  // size() saturates at 2^24 - 1: a hint, not a count
      for (const auto element : array) {
        const value_path here{.parent = &at, .in_list = true, .index = list.size()};
        auto read = read_value_into(list.emplace_back(), element, here, depth + 1);
        if (!read) return read;
      }
      out = attribute_value(std::move(list));
      return {};
    }
    case descriptor::m: {
      item map;
      auto read = read_map_into(map, payload, at, depth);
      if (!read) return read;
      out = attribute_value(std::move(map));
      return {};
    }
    case descriptor::ss:
      return read_set_into<attribute_value::string_set>(
          out, payload, at, type, [](std::string_view s) { return std::optional<std::string>(s); });
    case descriptor::ns:
      return read_set_into<attribute_value::number_set>(out, payload, at, type, [](std::string_view s) {
        auto n = number::parse(s);
        return n ? std::optional<number>(std::move(*n)) : std::nullopt;
      });
    case descriptor::bs:
      return read_set_into<attribute_value::binary_set>(out, payload, at, type,
                                                        [](std::string_view s) { return decode_base64(s); });
    case descriptor::unknown:
      break;
  }
  return bad(at, "unknown type descriptor '" + std::string(type.substr(0, 16)) + "'");
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
  attribute_value out;
  auto read = read_value_into(out, v, value_path{.root = field}, 0);
  if (!read) return std::unexpected(std::move(read.error()));
  return out;
}

result<item> read_item(const simdjson::dom::element& v, std::string_view field) {
  item out;
  auto read = read_map_into(out, v, value_path{.root = field}, 0);
  if (!read) return std::unexpected(std::move(read.error()));
  return out;
}

}  // namespace ddbkit::detail

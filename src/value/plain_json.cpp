#include <ddbkit/value/plain_json.hpp>

#include <ddbkit/value/dynamodb_json.hpp>

#include "value/json_codec.hpp"
#include "value/parsed_json.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse_options.hpp>

#include <array>
#include <optional>
#include <vector>

namespace ddbkit {
namespace {

// Deeper values than this are refused, so hostile input cannot exhaust the stack
// (DynamoDB itself allows 32 levels).
constexpr std::size_t max_plain_depth = 64;

/// Builds an item straight from Boost.JSON's parse events. A DOM would turn numbers into
/// doubles; the events still carry each number's text, which is what N must keep.
struct item_builder {
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);

  /// An object or array being filled; `key` is the member whose value comes next.
  struct frame {
    bool is_object = true;
    item members;
    attribute_value::list_type elements;
    std::string key;
  };

  std::vector<frame> open;
  std::optional<item> result;
  std::optional<error> failure;
  std::string text;  // a string, key or number arriving in parts

  /// "item.a[2].b": where the value read next goes, for error messages. Each open object
  /// adds the member being read, each open array the index of the element being read.
  std::string path() const {
    std::string p = "item";
    for (const frame& f : open) {
      if (f.is_object) p.append(".").append(f.key);
      else p.append("[").append(std::to_string(f.elements.size())).append("]");
    }
    return p;
  }

  bool refuse(std::string why, boost::system::error_code& ec) {
    failure = error(error_code::serialization, path() + ": " + std::move(why));
    ec = boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
    return false;
  }

  bool add(attribute_value v, boost::system::error_code& ec) {
    if (open.empty()) return refuse("an item is a JSON object", ec);
    frame& top = open.back();
    if (top.is_object) top.members.insert_or_assign(std::move(top.key), std::move(v));
    else top.elements.push_back(std::move(v));
    return true;
  }

  bool begin(bool is_object, boost::system::error_code& ec) {
    if (open.empty() && !is_object) return refuse("an item is a JSON object", ec);
    if (open.size() >= max_plain_depth) return refuse("nested too deeply", ec);
    open.push_back({.is_object = is_object});
    return true;
  }

  bool end(boost::system::error_code& ec) {
    frame done = std::move(open.back());
    open.pop_back();
    if (open.empty()) {
      result = std::move(done.members);
      return true;
    }
    if (done.is_object) return add(attribute_value(std::move(done.members)), ec);
    return add(attribute_value(std::move(done.elements)), ec);
  }

  bool number_done(std::string_view last, boost::system::error_code& ec) {
    text.append(last.data(), last.size());
    auto n = number::parse(text);
    text.clear();
    if (!n) return refuse(std::string(n.error().message()), ec);
    return add(attribute_value(std::move(*n)), ec);
  }

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_array_begin(boost::system::error_code& ec) { return begin(false, ec); }
  bool on_array_end(std::size_t, boost::system::error_code& ec) { return end(ec); }
  bool on_object_begin(boost::system::error_code& ec) { return begin(true, ec); }
  bool on_object_end(std::size_t, boost::system::error_code& ec) { return end(ec); }
  bool on_string_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    text.append(s.data(), s.size());
    return true;
  }
  bool on_string(boost::json::string_view s, std::size_t, boost::system::error_code& ec) {
    text.append(s.data(), s.size());
    return add(attribute_value(std::exchange(text, {})), ec);
  }
  bool on_key_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    text.append(s.data(), s.size());
    return true;
  }
  bool on_key(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    text.append(s.data(), s.size());
    open.back().key = std::exchange(text, {});
    return true;
  }
  bool on_number_part(boost::json::string_view s, boost::system::error_code&) {
    text.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t, boost::json::string_view s, boost::system::error_code& ec) { return number_done(s, ec); }
  bool on_uint64(std::uint64_t, boost::json::string_view s, boost::system::error_code& ec) {
    return number_done(s, ec);
  }
  bool on_double(double, boost::json::string_view s, boost::system::error_code& ec) { return number_done(s, ec); }
  bool on_bool(bool b, boost::system::error_code& ec) { return add(attribute_value(b), ec); }
  bool on_null(boost::system::error_code& ec) { return add(attribute_value(null_value{}), ec); }
  bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }
};

bool only_whitespace(std::string_view rest) {
  return rest.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

/// Whether `payload` has the JSON shape DynamoDB-JSON gives the type named `type`.
bool has_shape_of(std::string_view type, simdjson::dom::element payload) {
  using simdjson::dom::element_type;
  auto array_of_strings = [&] {
    simdjson::dom::array array;
    if (payload.get_array().get(array) != simdjson::SUCCESS) return false;
    for (const auto member : array) {
      if (member.type() != element_type::STRING) return false;
    }
    return true;
  };
  if (type == "S" || type == "N" || type == "B") return payload.type() == element_type::STRING;
  if (type == "SS" || type == "NS" || type == "BS") return array_of_strings();
  if (type == "M") return payload.type() == element_type::OBJECT;
  if (type == "L") return payload.type() == element_type::ARRAY;
  if (type == "NULL" || type == "BOOL") return payload.type() == element_type::BOOL;
  return false;
}

/// parse_item_any()'s rule: every top-level value is a one-member object naming a type.
bool looks_like_dynamodb_json(simdjson::dom::object attributes) {
  for (const auto attribute : attributes) {
    simdjson::dom::object wrapper;
    if (attribute.value.get_object().get(wrapper) != simdjson::SUCCESS || wrapper.size() != 1) return false;
    const auto only = *wrapper.begin();
    if (!has_shape_of(only.key, only.value)) return false;
  }
  return true;
}

/// JSON text for a number: its own text when that is JSON (DynamoDB also accepts leading
/// zeros, "007", which JSON does not; those are written in canonical form).
std::string json_number_text(const number& n) {
  const std::string& text = n.text();
  const std::size_t first_digit = !text.empty() && text[0] == '-' ? 1 : 0;
  const bool leading_zero = text.size() > first_digit + 1 && text[first_digit] == '0' &&
                            text[first_digit + 1] >= '0' && text[first_digit + 1] <= '9';
  return leading_zero ? n.canonical() : text;
}

struct plain_writer {
  detail::json_writer& w;

  void operator()(const std::string& s) { w.string(s); }
  void operator()(const number& n) { w.number_text(json_number_text(n)); }
  void operator()(const bytes& b) { w.base64_string(b.data(), b.size()); }
  void operator()(bool b) { w.boolean(b); }
  void operator()(null_value) { w.null(); }
  void operator()(const attribute_value::list_type& l) {
    w.begin_array();
    for (const auto& v : l) v.visit(*this);
    w.end_array();
  }
  void operator()(const item& m) {
    w.begin_object();
    for (const auto& [name, v] : m) {
      w.key(name);
      v.visit(*this);
    }
    w.end_object();
  }
  void operator()(const attribute_value::string_set& s) {
    w.begin_array();
    for (const auto& m : s) w.string(m);
    w.end_array();
  }
  void operator()(const attribute_value::number_set& s) {
    w.begin_array();
    for (const auto& m : s) w.number_text(json_number_text(m));
    w.end_array();
  }
  void operator()(const attribute_value::binary_set& s) {
    w.begin_array();
    for (const auto& m : s) w.base64_string(m.data(), m.size());
    w.end_array();
  }
};

}  // namespace

result<item> parse_plain_item(std::string_view json) {
  boost::json::parse_options options;
  options.max_depth = detail::max_json_depth;
  boost::json::basic_parser<item_builder> parser(options);
  boost::system::error_code ec;
  const std::size_t used = parser.write_some(false, json.data(), json.size(), ec);
  auto& built = parser.handler();
  if (built.failure) return std::unexpected(*built.failure);
  if (ec) return fail(error_code::serialization, "not valid JSON: " + ec.message());
  if (!only_whitespace(json.substr(used))) return fail(error_code::serialization, "not valid JSON: text after the item");
  if (!built.result) return fail(error_code::serialization, "item: an item is a JSON object");
  return std::move(*built.result);
}

result<item> parse_item_any(std::string_view json) {
  {
    // DynamoDB-JSON has no JSON numbers (N is a string), so a text simdjson refuses (1e999,
    // a 30-digit integer, or no JSON at all) is plain JSON, or gets plain JSON's error.
    const detail::parsed_json tree(json);
    simdjson::dom::object attributes;
    if (tree.ok() && tree.root().get_object().get(attributes) == simdjson::SUCCESS &&
        looks_like_dynamodb_json(attributes)) {
      return detail::read_item(tree.root(), "item");
    }
  }
  return parse_plain_item(json);
}

std::string to_plain_json(const attribute_value& value) {
  std::string out;
  detail::json_writer w(out);
  value.visit(plain_writer{w});
  return out;
}

std::string to_plain_json(const item& value) {
  std::string out;
  detail::json_writer w(out);
  plain_writer{w}(value);
  return out;
}

}  // namespace ddbkit

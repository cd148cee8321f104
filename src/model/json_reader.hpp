#pragma once
// Internal: typed, strict-on-type reading of a response object. read() leaves the field as
// it was when the member is missing (or null); read_required() records an error instead. A
// member of the wrong type records a `serialization` error naming it (the first one wins)
// and the caller returns it.
#include <ddbkit/error.hpp>
#include <ddbkit/value/attribute_value.hpp>

#include "model/enums.hpp"
#include "value/parsed_json.hpp"

#include <simdjson.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ddbkit::detail {

/// A value of a parsed response (simdjson's DOM, see parsed_json).
using json_value = simdjson::dom::element;

class json_reader {
 public:
  json_reader(json_value v, std::string path);

  bool ok() const noexcept { return !error_; }
  /// The first error met, or success.
  result<void> status() const;
  std::string member_path(std::string_view key) const;
  /// The member `key`, or nothing when it is missing or null.
  std::optional<json_value> find(std::string_view key) const;
  void fail(std::string_view key, std::string_view why);

  void read(std::string_view key, std::string& out);
  void read(std::string_view key, std::optional<std::string>& out);
  void read(std::string_view key, bool& out);
  void read(std::string_view key, std::optional<bool>& out);
  void read(std::string_view key, int& out);
  void read(std::string_view key, std::optional<int>& out);
  void read(std::string_view key, std::int64_t& out);
  void read(std::string_view key, std::optional<std::int64_t>& out);
  void read(std::string_view key, std::optional<double>& out);
  void read(std::string_view key, item& out);
  void read(std::string_view key, std::optional<item>& out);
  void read(std::string_view key, std::vector<item>& out);
  void read(std::string_view key, std::vector<std::string>& out);
  void read(std::string_view key, std::vector<double>& out);

  /// True when `key` is present (and not null); otherwise records "<path>: missing".
  bool require(std::string_view key);
  /// read() for a member DynamoDB always sends.
  template <class T>
  void read_required(std::string_view key, T& out) {
    if (require(key)) read(key, out);
  }

  template <class E>
    requires std::is_enum_v<E>
  void read(std::string_view key, std::optional<E>& out) {
    std::optional<std::string> text;
    read(key, text);
    if (!text) return;
    if (auto parsed = parse_enum<E>(*text)) out = *parsed;
    else fail(key, "unknown value '" + text->substr(0, 40) + "'");
  }
  template <class E>
    requires std::is_enum_v<E>
  void read(std::string_view key, E& out) {
    std::optional<E> value;
    read(key, value);
    if (value) out = *value;
  }

  /// A nested object, read by `fill(json_reader&, T&)`.
  template <class T, class Fill>
  void read_object(std::string_view key, std::optional<T>& out, Fill fill) {
    const auto v = find(key);
    if (!v || !ok()) return;
    json_reader child(*v, member_path(key));
    T value{};
    if (child.ok()) fill(child, value);
    if (!child.ok()) return adopt(child);
    out = std::move(value);
  }

  /// An array of objects, each read by `fill(json_reader&, T&)`.
  template <class T, class Fill>
  void read_objects(std::string_view key, std::vector<T>& out, Fill fill) {
    const auto array = array_member(key);
    if (!array) return;
    std::size_t i = 0;
    for (const json_value element : *array) {
      json_reader child(element, member_path(key) + "[" + std::to_string(i++) + "]");
      T value{};
      if (child.ok()) fill(child, value);
      if (!child.ok()) return adopt(child);
      out.push_back(std::move(value));
    }
  }

  /// An object whose members are all read by `fill(json_reader& parent, json_value member,
  /// std::string path, T&)`; errors go to `parent`.
  template <class Map, class Fill>
  void read_map(std::string_view key, Map& out, Fill fill) {
    const auto v = find(key);
    if (!v || !ok()) return;
    simdjson::dom::object object;
    if (v->get_object().get(object) != simdjson::SUCCESS) return fail(key, "expected an object");
    for (const auto member : object) {
      typename Map::mapped_type value{};
      fill(*this, member.value, member_path(key) + "." + std::string(member.key), value);
      if (!ok()) return;
      out.emplace(std::string(member.key), std::move(value));
    }
  }

  void adopt(const json_reader& child) {
    if (!error_ && child.error_) error_ = child.error_;
  }
  void set_error(error e) {
    if (!error_) error_ = std::move(e);
  }

 private:
  /// The member `key` as an array; nothing when it is missing (or the reader failed, or
  /// it is not an array: then an error is recorded).
  std::optional<simdjson::dom::array> array_member(std::string_view key);

  std::optional<simdjson::dom::object> object_;
  std::string path_;
  std::optional<error> error_;
};

/// The error for a response body that is not JSON.
error not_json(const parsed_json& body);

/// Parses a response body and fills an Output with `fill(json_reader&, Output&)`.
template <class Output, class Fill>
result<Output> parse_with(std::string_view json, Fill fill) {
  try {
    const parsed_json body(json);
    if (!body.ok()) return std::unexpected(not_json(body));
    json_reader r(body.root(), "");
    Output out{};
    if (r.ok()) fill(r, out);
    if (auto s = r.status(); !s) return std::unexpected(s.error());
    return out;
  } catch (const std::exception& e) {
    // A decoder bug or exhausted memory must still not escape as an exception.
    return fail(error_code::serialization, std::string("response could not be decoded: ") + e.what());
  }
}

}  // namespace ddbkit::detail

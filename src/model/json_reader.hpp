#pragma once
// Internal: typed, strict-on-type reading of a response object. read() leaves the field as
// it was when the member is missing (or null); read_required() records an error instead. A
// member of the wrong type records a `serialization` error naming it (the first one wins)
// and the caller returns it.
#include <ddbkit/error.hpp>
#include <ddbkit/value/attribute_value.hpp>

#include "model/enums.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ddbkit::detail {

class json_reader {
 public:
  json_reader(const boost::json::value& v, std::string path);

  bool ok() const noexcept { return !error_; }
  /// The first error met, or success.
  result<void> status() const;
  std::string member_path(std::string_view key) const;
  const boost::json::value* find(std::string_view key) const;
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
    const auto* v = find(key);
    if (v == nullptr || !ok()) return;
    json_reader child(*v, member_path(key));
    T value{};
    if (child.ok()) fill(child, value);
    if (!child.ok()) return adopt(child);
    out = std::move(value);
  }

  /// An array of objects, each read by `fill(json_reader&, T&)`.
  template <class T, class Fill>
  void read_objects(std::string_view key, std::vector<T>& out, Fill fill) {
    const auto* array = array_member(key);
    if (array == nullptr) return;
    for (std::size_t i = 0; i < array->size() && ok(); ++i) {
      json_reader child((*array)[i], member_path(key) + "[" + std::to_string(i) + "]");
      T value{};
      if (child.ok()) fill(child, value);
      if (!child.ok()) return adopt(child);
      out.push_back(std::move(value));
    }
  }

  /// An object whose members are all read by `fill(json_reader&, std::string_view key, T&)`.
  template <class Map, class Fill>
  void read_map(std::string_view key, Map& out, Fill fill) {
    const auto* v = find(key);
    if (v == nullptr || !ok()) return;
    const auto* object = v->if_object();
    if (object == nullptr) return fail(key, "expected an object");
    for (const auto& [name, member] : *object) {
      typename Map::mapped_type value{};
      fill(*this, member, member_path(key) + "." + std::string(name), value);
      if (!ok()) return;
      out.emplace(std::string(name), std::move(value));
    }
  }

  void adopt(const json_reader& child) {
    if (!error_ && child.error_) error_ = child.error_;
  }
  void set_error(error e) {
    if (!error_) error_ = std::move(e);
  }

 private:
  const boost::json::array* array_member(std::string_view key);

  const boost::json::object* object_ = nullptr;
  std::string path_;
  std::optional<error> error_;
};

/// Parses a response body with DynamoDB's depth limits, allocating from `storage` (the
/// value must not outlive it); `serialization` error when the body is not JSON.
result<boost::json::value> parse_body(std::string_view body, boost::json::storage_ptr storage);

/// An arena for one response's DOM: one growing buffer instead of an allocation per node,
/// freed at once when the response has been mapped. The DOM of a small response (an item,
/// a write's answer, an error) fits a buffer inside the arena, on the caller's stack: no
/// heap allocation at all; a larger one starts with a block about as large as its text.
class response_arena {
 public:
  explicit response_arena(std::string_view body)
      : resource_(body.size() <= small_body_bytes ? boost::json::monotonic_resource(small_, sizeof small_)
                                                  : boost::json::monotonic_resource(body.size() + 1024)) {}
  response_arena(const response_arena&) = delete;
  response_arena& operator=(const response_arena&) = delete;

  boost::json::storage_ptr storage() noexcept { return &resource_; }

 private:
  // An item of many short attributes makes a DOM of ~6 times its text (measured: 20
  // attributes in 695 bytes fit 4 KB, 30 in 1,010 do not). A larger DOM than the buffer
  // costs one block from the heap, no more than before.
  static constexpr std::size_t small_body_bytes = 640;
  alignas(std::max_align_t) unsigned char small_[4096];
  boost::json::monotonic_resource resource_;
};

/// Parses a response body and fills an Output with `fill(json_reader&, Output&)`.
template <class Output, class Fill>
result<Output> parse_with(std::string_view json, Fill fill) {
  try {
    response_arena arena(json);
    auto body = parse_body(json, arena.storage());
    if (!body) return std::unexpected(body.error());
    json_reader r(*body, "");
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

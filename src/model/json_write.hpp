#pragma once
// Internal: writing the members that many requests share.
#include <ddbkit/model/common.hpp>
#include <ddbkit/model/request_defaults.hpp>

#include "model/enums.hpp"
#include "value/json_codec.hpp"
#include "value/json_writer.hpp"

#include <optional>
#include <string>

namespace ddbkit::detail {

inline void write_optional(json_writer& w, std::string_view key, const std::optional<std::string>& v) {
  if (v) w.member(key, *v);
}

template <class E>
  requires std::is_enum_v<E>
void write_optional(json_writer& w, std::string_view key, const std::optional<E>& v) {
  if (v) w.member(key, enum_name(*v));
}

inline void write_optional(json_writer& w, std::string_view key, std::optional<std::string_view> v) {
  if (v) w.member(key, *v);
}

/// ReturnConsumedCapacity: the input's own, else the one the client asks for.
inline void write_capacity(json_writer& w, const std::optional<return_consumed_capacity>& own,
                           const request_defaults& defaults) {
  write_optional(w, "ReturnConsumedCapacity", own ? own : defaults.return_consumed_capacity);
}

inline void write_optional(json_writer& w, std::string_view key, const std::optional<bool>& v) {
  if (v) w.member(key, *v);
}

inline void write_optional(json_writer& w, std::string_view key, const std::optional<int>& v) {
  if (v) w.member(key, std::int64_t{*v});
}

inline void write_item_member(json_writer& w, std::string_view key, const item& i) {
  w.key(key);
  write_item(w, i);
}

inline void write_optional(json_writer& w, std::string_view key, const std::optional<item>& v) {
  if (v) write_item_member(w, key, *v);
}

/// ExpressionAttributeNames and ExpressionAttributeValues, when not empty.
inline void write_placeholders(json_writer& w, const expression_names& names, const item* values) {
  if (!names.empty()) {
    w.key("ExpressionAttributeNames");
    w.begin_object();
    for (const auto& [placeholder, name] : names) w.member(placeholder, name);
    w.end_object();
  }
  if (values != nullptr && !values->empty()) write_item_member(w, "ExpressionAttributeValues", *values);
}

/// Writes `{...}` around `body(w)` and returns the text.
template <class Body>
std::string json_object(Body body) {
  std::string out;
  out.reserve(256);
  json_writer w(out);
  w.begin_object();
  body(w);
  w.end_object();
  return out;
}

}  // namespace ddbkit::detail

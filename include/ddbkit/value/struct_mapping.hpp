#pragma once
// Mapping a struct's members to an item's attributes, member by member: the machinery behind
// described structs, and a way to map a struct you cannot annotate.
#include <ddbkit/value/attribute_traits.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace ddbkit {

/// Writes `value` as attribute `name` of `out`, unless its traits say it is absent (an
/// empty optional or set). Errors name the member's path below `parent`.
template <class M>
result<void> encode_member(item& out, std::string_view name, const M& value, const attribute_path& parent) {
  if (detail::is_absent(value)) return {};
  auto v = detail::encode(value, parent.member(name));
  if (!v) return std::unexpected(v.error());
  out.insert_or_assign(std::string(name), std::move(*v));
  return {};
}

/// Reads attribute `name` of `in` into `out`. An absent attribute takes the value of the
/// traits' `from_missing` (empty optional, empty set), else is a `serialization` error.
template <class M>
result<void> decode_member(const item& in, std::string_view name, M& out, const attribute_path& parent) {
  const auto path = parent.member(name);
  const auto found = in.find(name);
  result<M> v = [&]() -> result<M> {
    if (found != in.end()) return detail::decode<M>(found->second, path);
    if constexpr (requires { attribute_traits<M>::from_missing(path); }) {
      return attribute_traits<M>::from_missing(path);
    } else {
      return std::unexpected(missing_attribute_error(path));
    }
  }();
  if (!v) return std::unexpected(v.error());
  out = std::move(*v);
  return {};
}

/// One member of a struct mapped by hand: its attribute name and its pointer to member.
template <class T, class M>
struct member_field {
  std::string_view name;
  M T::*pointer;
};

/// A member_field, with the types deduced: `field("qty", &order_line::qty)`.
template <class T, class M>
constexpr member_field<T, M> field(std::string_view name, M T::*pointer) {
  return {name, pointer};
}

/// Base of an attribute_traits specialisation that maps a struct (default-constructible) to
/// M through a list of fields, for a struct that cannot be described:
///
///     template <> struct ddbkit::attribute_traits<legacy::point> : ddbkit::mapped_struct<legacy::point> {
///       static constexpr auto fields() {
///         return std::tuple(ddbkit::field("x", &legacy::point::x), ddbkit::field("y", &legacy::point::y));
///       }
///     };
template <class T>
struct mapped_struct {
  /// The struct as an item; `path` is where the struct sits, for error messages.
  static result<item> to_item(const T& value, const attribute_path& path = {}) {
    item out;
    std::optional<error> failure;
    const auto encode_field = [&](const auto& f) {
      if (failure) return;
      if (auto r = encode_member(out, f.name, value.*f.pointer, path); !r) failure = std::move(r.error());
    };
    std::apply([&](const auto&... fields) { (encode_field(fields), ...); }, attribute_traits<T>::fields());
    if (failure) return std::unexpected(std::move(*failure));
    return out;
  }

  /// The struct read from an item; attributes without a field are ignored.
  static result<T> from_item(const item& in, const attribute_path& path = {}) {
    T out{};
    std::optional<error> failure;
    const auto decode_field = [&](const auto& f) {
      if (failure) return;
      if (auto r = decode_member(in, f.name, out.*f.pointer, path); !r) failure = std::move(r.error());
    };
    std::apply([&](const auto&... fields) { (decode_field(fields), ...); }, attribute_traits<T>::fields());
    if (failure) return std::unexpected(std::move(*failure));
    return out;
  }

  static result<attribute_value> to(const T& value, const attribute_path& path) {
    auto m = to_item(value, path);
    if (!m) return std::unexpected(m.error());
    return attribute_value(std::move(*m));
  }

  static result<T> from(const attribute_value& value, const attribute_path& path) {
    const item* m = value.as_m();
    if (!m) return std::unexpected(wrong_type_error(path, attribute_value::kind::m, value));
    return from_item(*m, path);
  }
};

}  // namespace ddbkit

#pragma once
// Typed items: structs described with Boost.Describe (or mapped by an attribute_traits
// specialisation) to and from ddbkit::item.
#include <ddbkit/value/attribute_traits.hpp>
#include <ddbkit/value/struct_mapping.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/describe/modifiers.hpp>
#include <boost/mp11/algorithm.hpp>

#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace ddbkit {

namespace detail {

// Non-template pieces, in src/value/typed_conversion.cpp.
error unnamed_enumerator_error(const attribute_path& path, long long value);
error unknown_enumerator_error(const attribute_path& path, std::string_view name);
error not_an_item_error(attribute_value::kind got);

template <class T>
concept described_struct =
    std::is_class_v<T> && !std::is_union_v<T> && boost::describe::has_describe_members<T>::value;

template <class E>
concept described_enum = std::is_enum_v<E> && boost::describe::has_describe_enumerators<E>::value;

}  // namespace detail

/// The attribute name of a described struct's member: the member's name, unless the struct
/// renames it with a static hook returning a view of static storage (e.g. a literal):
///
///     static constexpr std::string_view attribute_name(std::string_view member) {
///       return member == "id" ? "pk" : member;
///     }
template <class T>
constexpr std::string_view attribute_name_of(std::string_view member) {
  if constexpr (requires { { T::attribute_name(member) } -> std::convertible_to<std::string_view>; }) {
    return T::attribute_name(member);
  } else {
    return member;
  }
}

/// The public data members of a described struct (inherited ones included, when the bases
/// are described too), as member_fields named by attribute_name_of.
template <detail::described_struct T>
constexpr auto described_fields() {
  using members = boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>;
  return []<template <class...> class L, class... D>(L<D...>) {
    return std::tuple(field(attribute_name_of<T>(D::name), D::pointer)...);
  }(members{});
}

/// A struct described with BOOST_DESCRIBE_STRUCT maps to M, one attribute per public
/// member, named after it (or as its `attribute_name` hook says). It must be
/// default-constructible to be read.
template <detail::described_struct T>
struct attribute_traits<T> : mapped_struct<T> {
  static constexpr auto fields() { return described_fields<T>(); }
};

/// An enum described with BOOST_DESCRIBE_ENUM maps to S, the enumerator's name. Writing a
/// value without a name is a `validation` error; reading an unknown name a `serialization`
/// error.
template <detail::described_enum E>
struct attribute_traits<E> {
  static result<attribute_value> to(E value, const attribute_path& path) {
    std::string_view name;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
      if (name.empty() && d.value == value) name = d.name;
    });
    if (name.empty()) {
      return std::unexpected(detail::unnamed_enumerator_error(path, static_cast<long long>(value)));
    }
    return attribute_value(name);
  }

  static result<E> from(const attribute_value& value, const attribute_path& path) {
    const std::string* name = value.as_s();
    if (!name) return std::unexpected(wrong_type_error(path, attribute_value::kind::s, value));
    std::optional<E> found;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
      if (!found && *name == d.name) found = d.value;
    });
    if (!found) return std::unexpected(detail::unknown_enumerator_error(path, *name));
    return *found;
  }
};

/// Converts `value` to an item. Pure: no I/O, no shared state, safe to call concurrently
/// (as is from_item). Fails (with an error naming the member's path) when a member
/// cannot be written, e.g. a NaN double (`validation`); a type that does not map to M gives
/// a `serialization` error.
template <attribute_mappable T>
result<item> to_item(const T& value) {
  if constexpr (requires { attribute_traits<T>::to_item(value); }) {
    return attribute_traits<T>::to_item(value);
  } else {
    auto v = detail::encode(value, attribute_path{});
    if (!v) return std::unexpected(v.error());
    if (item* m = v->as_m()) return std::move(*m);
    return std::unexpected(detail::not_an_item_error(v->type()));
  }
}

/// Reads a `T` from an item. A missing (non-optional) or mistyped attribute, or a value the
/// member cannot hold exactly, is a `serialization` error whose field() and message name the
/// attribute's path ("order.lines[2].qty"). Attributes without a member are ignored.
template <attribute_mappable T>
result<T> from_item(const item& in) {
  if constexpr (requires { attribute_traits<T>::from_item(in); }) {
    return attribute_traits<T>::from_item(in);
  } else {
    return detail::decode<T>(attribute_value(in), attribute_path{});
  }
}

}  // namespace ddbkit

#pragma once
// attribute_traits<T>: how a C++ type maps to one DynamoDB attribute value, and back.
#include <ddbkit/error.hpp>
#include <ddbkit/value/attribute_path.hpp>
#include <ddbkit/value/attribute_value.hpp>

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace ddbkit {

/// How `T` maps to an attribute value. Specialise it for a type of your own (or one you
/// cannot change); ddbkit specialises it for the built-in mappings below, and
/// <ddbkit/value/typed_item.hpp> for types described with Boost.Describe.
///
/// A specialisation provides:
///   static result<attribute_value> to(const T& value, const attribute_path& path);
///   static result<T> from(const attribute_value& value, const attribute_path& path);
/// `to(const T&)` and `from(const attribute_value&)` without a path are accepted too:
/// their errors then get the path put in front. Optional hooks, used for struct members:
///   static bool is_absent(const T&);                        // true: the member is omitted
///   static result<T> from_missing(const attribute_path&);   // the value of an absent member
/// Without `from_missing`, an absent member is a `serialization` error naming its path.
///
/// Built-in mappings:
///   integers of every width            N (reading: exact, in range, no fraction)
///   float, double                      N (shortest exact decimal; NaN/inf: validation)
///   bool                               BOOL
///   std::string                        S
///   bytes, std::vector<std::byte>      B
///   std::optional<T>                   T's mapping; an empty optional is an absent member
///                                      (NULL inside a list or map); absent or NULL reads
///                                      back as empty
///   std::vector<T>                     L
///   std::set of strings/numbers/bytes  SS / NS / BS. DynamoDB has no empty sets: an empty
///                                      set is an absent member (NULL inside a list or
///                                      map), and an absent or NULL set reads back empty
///   std::map<std::string, T>           M
///   system_clock time points           N, seconds since the epoch, sub-second precision
///                                      as an exact decimal fraction (1700000000.25)
///   attribute_value, item              as they are (item as M)
template <class T>
struct attribute_traits;

/// Integer types that map to N: every signed and unsigned integer except bool and the
/// character types (a char is text, not a number).
template <class T>
concept typed_integer = std::integral<T> && !std::same_as<T, bool> && !std::same_as<T, char> &&
                        !std::same_as<T, wchar_t> && !std::same_as<T, char8_t> && !std::same_as<T, char16_t> &&
                        !std::same_as<T, char32_t>;

/// Types that map to B (and whose sets map to BS).
template <class T>
concept typed_bytes = std::same_as<T, bytes> || std::same_as<T, std::vector<std::byte>>;

/// Types that map to N (and whose sets map to NS).
template <class T>
concept typed_number = typed_integer<T> || std::same_as<T, float> || std::same_as<T, double>;

namespace detail {

// Non-template pieces, in src/value/typed_conversion.cpp.
result<number> float_to_number(float value);
result<float> number_to_float(const number& n);
error integer_range_error(const attribute_path& path, const number& n, int bits, bool is_signed);
/// count × num / 10^den_exponent seconds, as exact decimal text.
result<number> epoch_to_number(std::int64_t count, std::int64_t num, int den_exponent);
/// The inverse: seconds → count of (num / 10^den_exponent)-second ticks, exactly.
result<std::int64_t> number_to_epoch(const number& seconds, std::int64_t num, int den_exponent);

/// Calls whichever form of `to` the traits provide, and names the path in its errors.
template <class T>
result<attribute_value> encode(const T& value, const attribute_path& path) {
  using traits = attribute_traits<T>;
  if constexpr (requires { traits::to(value, path); }) {
    return traits::to(value, path);
  } else {
    auto v = traits::to(value);
    if (!v) return std::unexpected(error_at(path, v.error()));
    return v;
  }
}

/// Calls whichever form of `from` the traits provide, and names the path in its errors.
template <class T>
result<T> decode(const attribute_value& value, const attribute_path& path) {
  using traits = attribute_traits<T>;
  if constexpr (requires { traits::from(value, path); }) {
    return traits::from(value, path);
  } else {
    auto v = traits::from(value);
    if (!v) return std::unexpected(error_at(path, v.error()));
    return v;
  }
}

template <class T>
bool is_absent(const T& value) {
  if constexpr (requires { attribute_traits<T>::is_absent(value); }) {
    return attribute_traits<T>::is_absent(value);
  } else {
    return false;
  }
}

/// A power of ten's exponent, or -1 when `den` is not a power of ten.
constexpr int decimal_exponent(std::intmax_t den) {
  int e = 0;
  for (; den % 10 == 0; den /= 10) ++e;
  return den == 1 ? e : -1;
}

}  // namespace detail

/// Types that have a mapping (a complete attribute_traits specialisation).
template <class T>
concept attribute_mappable =
    (requires(const T& value, const attribute_path& path) { attribute_traits<T>::to(value, path); } ||
     requires(const T& value) { attribute_traits<T>::to(value); }) &&
    (requires(const attribute_value& value, const attribute_path& path) { attribute_traits<T>::from(value, path); } ||
     requires(const attribute_value& value) { attribute_traits<T>::from(value); });

template <typed_integer T>
struct attribute_traits<T> {
  static result<attribute_value> to(T value, const attribute_path&) { return attribute_value(number(value)); }
  static result<T> from(const attribute_value& value, const attribute_path& path) {
    const number* n = value.as_n();
    if (!n) return std::unexpected(wrong_type_error(path, attribute_value::kind::n, value));
    auto v = [n] {
      if constexpr (std::is_signed_v<T>) return n->to_int64();
      else return n->to_uint64();
    }();
    if (!v) return std::unexpected(error_at(path, v.error()));
    if (!std::in_range<T>(*v)) {
      return std::unexpected(detail::integer_range_error(path, *n, std::numeric_limits<T>::digits + std::is_signed_v<T>,
                                                         std::is_signed_v<T>));
    }
    return static_cast<T>(*v);
  }
};

template <>
struct attribute_traits<double> {
  static result<attribute_value> to(double value, const attribute_path& path);
  static result<double> from(const attribute_value& value, const attribute_path& path);
};

template <>
struct attribute_traits<float> {
  static result<attribute_value> to(float value, const attribute_path& path);
  static result<float> from(const attribute_value& value, const attribute_path& path);
};

template <>
struct attribute_traits<bool> {
  static result<attribute_value> to(bool value, const attribute_path& path);
  static result<bool> from(const attribute_value& value, const attribute_path& path);
};

template <>
struct attribute_traits<std::string> {
  static result<attribute_value> to(const std::string& value, const attribute_path& path);
  static result<std::string> from(const attribute_value& value, const attribute_path& path);
};

template <>
struct attribute_traits<bytes> {
  static result<attribute_value> to(const bytes& value, const attribute_path& path);
  static result<bytes> from(const attribute_value& value, const attribute_path& path);
};

template <>
struct attribute_traits<std::vector<std::byte>> {
  static result<attribute_value> to(const std::vector<std::byte>& value, const attribute_path& path);
  static result<std::vector<std::byte>> from(const attribute_value& value, const attribute_path& path);
};

template <>
struct attribute_traits<attribute_value> {
  static result<attribute_value> to(const attribute_value& value, const attribute_path&) { return value; }
  static result<attribute_value> from(const attribute_value& value, const attribute_path&) { return value; }
};

template <>
struct attribute_traits<item> {
  static result<attribute_value> to(const item& value, const attribute_path& path);
  static result<item> from(const attribute_value& value, const attribute_path& path);
};

template <class T>
struct attribute_traits<std::optional<T>> {
  static bool is_absent(const std::optional<T>& value) { return !value || detail::is_absent(*value); }
  static result<std::optional<T>> from_missing(const attribute_path&) { return std::optional<T>(); }

  static result<attribute_value> to(const std::optional<T>& value, const attribute_path& path) {
    if (!value) return attribute_value::null();
    return detail::encode(*value, path);
  }
  static result<std::optional<T>> from(const attribute_value& value, const attribute_path& path) {
    if (value.is_null()) return std::optional<T>();
    auto v = detail::decode<T>(value, path);
    if (!v) return std::unexpected(v.error());
    return std::optional<T>(std::move(*v));
  }
};

template <class T, class A>
  requires(!typed_bytes<std::vector<T, A>>)
struct attribute_traits<std::vector<T, A>> {
  static result<attribute_value> to(const std::vector<T, A>& values, const attribute_path& path) {
    attribute_value::list_type out;
    out.reserve(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      auto v = detail::encode(values[i], path.element(i));
      if (!v) return std::unexpected(v.error());
      out.push_back(std::move(*v));
    }
    return attribute_value(std::move(out));
  }
  static result<std::vector<T, A>> from(const attribute_value& value, const attribute_path& path) {
    const auto* list = value.as_l();
    if (!list) return std::unexpected(wrong_type_error(path, attribute_value::kind::l, value));
    std::vector<T, A> out;
    out.reserve(list->size());
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto v = detail::decode<T>((*list)[i], path.element(i));
      if (!v) return std::unexpected(v.error());
      out.push_back(std::move(*v));
    }
    return out;
  }
};

template <class T, class C, class A>
  requires(std::same_as<T, std::string> || typed_number<T> || typed_bytes<T>)
struct attribute_traits<std::set<T, C, A>> {
  using set_type = std::set<T, C, A>;
  static constexpr attribute_value::kind kind = std::same_as<T, std::string> ? attribute_value::kind::ss
                                                : typed_number<T>             ? attribute_value::kind::ns
                                                                              : attribute_value::kind::bs;

  static bool is_absent(const set_type& value) { return value.empty(); }
  static result<set_type> from_missing(const attribute_path&) { return set_type(); }

  static result<attribute_value> to(const set_type& values, const attribute_path& path) {
    if (values.empty()) return attribute_value::null();
    if constexpr (std::same_as<T, std::string>) {
      return attribute_value(attribute_value::string_set(values.begin(), values.end()));
    } else if constexpr (std::same_as<T, bytes>) {
      return attribute_value(attribute_value::binary_set(values.begin(), values.end()));
    } else {
      using member_set = std::conditional_t<typed_number<T>, attribute_value::number_set, attribute_value::binary_set>;
      member_set out;
      for (const auto& member : values) {
        auto v = detail::encode(member, path);
        if (!v) return std::unexpected(v.error());
        if constexpr (typed_number<T>) {
          out.insert(std::move(*v->as_n()));
        } else {
          out.insert(std::move(*v->as_b()));
        }
      }
      return attribute_value(std::move(out));
    }
  }

  static result<set_type> from(const attribute_value& value, const attribute_path& path) {
    if (value.is_null()) return set_type();
    set_type out;
    if constexpr (std::same_as<T, std::string>) {
      const auto* members = value.as_ss();
      if (!members) return std::unexpected(wrong_type_error(path, kind, value));
      out.insert(members->begin(), members->end());
    } else if constexpr (std::same_as<T, bytes>) {
      const auto* members = value.as_bs();
      if (!members) return std::unexpected(wrong_type_error(path, kind, value));
      out.insert(members->begin(), members->end());
    } else {
      const auto* members = [&] {
        if constexpr (typed_number<T>) return value.as_ns();
        else return value.as_bs();
      }();
      if (!members) return std::unexpected(wrong_type_error(path, kind, value));
      for (const auto& member : *members) {
        auto v = detail::decode<T>(attribute_value(member), path);
        if (!v) return std::unexpected(v.error());
        out.insert(std::move(*v));
      }
    }
    return out;
  }
};

template <class T, class C, class A>
struct attribute_traits<std::map<std::string, T, C, A>> {
  using map_type = std::map<std::string, T, C, A>;
  static result<attribute_value> to(const map_type& values, const attribute_path& path) {
    item out;
    for (const auto& [key, value] : values) {
      auto v = detail::encode(value, path.member(key));
      if (!v) return std::unexpected(v.error());
      out.emplace_hint(out.end(), key, std::move(*v));
    }
    return attribute_value(std::move(out));
  }
  static result<map_type> from(const attribute_value& value, const attribute_path& path) {
    const item* entries = value.as_m();
    if (!entries) return std::unexpected(wrong_type_error(path, attribute_value::kind::m, value));
    map_type out;
    for (const auto& [key, entry] : *entries) {
      auto v = detail::decode<T>(entry, path.member(key));
      if (!v) return std::unexpected(v.error());
      out.emplace(key, std::move(*v));
    }
    return out;
  }
};

/// Seconds since the Unix epoch; the duration's ticks must be a whole number of seconds or
/// a decimal fraction of one (s, ms, µs, ns, minutes…), so the text is exact. Reading a
/// value finer than the duration's precision is an error, never a rounding.
template <class Duration>
struct attribute_traits<std::chrono::time_point<std::chrono::system_clock, Duration>> {
  using time_point = std::chrono::time_point<std::chrono::system_clock, Duration>;
  using period = typename Duration::period;
  static constexpr int den_exponent = detail::decimal_exponent(period::den);
  static_assert(den_exponent >= 0, "the time point's period must be a decimal fraction of a second");
  static_assert(std::is_integral_v<typename Duration::rep>, "the time point's representation must be an integer");

  static result<attribute_value> to(const time_point& value, const attribute_path& path) {
    auto n = detail::epoch_to_number(static_cast<std::int64_t>(value.time_since_epoch().count()), period::num, den_exponent);
    if (!n) return std::unexpected(error_at(path, n.error()));
    return attribute_value(std::move(*n));
  }
  static result<time_point> from(const attribute_value& value, const attribute_path& path) {
    const number* n = value.as_n();
    if (!n) return std::unexpected(wrong_type_error(path, attribute_value::kind::n, value));
    auto count = detail::number_to_epoch(*n, period::num, den_exponent);
    if (!count) return std::unexpected(error_at(path, count.error()));
    using rep = typename Duration::rep;
    if (!std::in_range<rep>(*count)) {
      return std::unexpected(invalid_attribute_error(path, "time " + n->text() + " is out of range"));
    }
    return time_point(Duration(static_cast<rep>(*count)));
  }
};

}  // namespace ddbkit

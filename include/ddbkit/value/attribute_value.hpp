#pragma once
// AttributeValue: the ten DynamoDB types, and Item.
#include <ddbkit/value/fwd.hpp>
#include <ddbkit/value/number.hpp>

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ddbkit {

/// The NULL attribute value.
struct null_value {
  friend bool operator==(null_value, null_value) = default;
};

/// One DynamoDB attribute value: S, N, B, BOOL, NULL, L, M, SS, NS or BS.
///
/// A regular value type (copyable, comparable). Sets are std::set, so members are unique
/// and ordered; an empty set can be held but is refused with a `validation` error before
/// anything is sent, since DynamoDB has no empty sets.
/// Thread safety: as for standard containers.
class attribute_value {
 public:
  enum class kind : std::uint8_t { s, n, b, boolean, null, l, m, ss, ns, bs };

  using list_type = std::vector<attribute_value>;
  using map_type = item;
  using string_set = std::set<std::string, std::less<>>;
  using number_set = std::set<number>;
  using binary_set = std::set<bytes>;

  /// NULL.
  attribute_value() : v_(null_value{}) {}
  attribute_value(null_value) : v_(null_value{}) {}
  attribute_value(std::string s) : v_(std::move(s)) {}
  attribute_value(std::string_view s) : v_(std::string(s)) {}
  attribute_value(const char* s) : v_(std::string(s)) {}
  attribute_value(number n) : v_(std::move(n)) {}
  /// Integers are exact numbers.
  template <std::integral I>
    requires(!std::same_as<I, bool> && !std::same_as<I, char>)
  attribute_value(I i) : v_(number(i)) {}
  /// Only a real bool becomes BOOL (no pointer or integer slips in as one).
  template <std::same_as<bool> B>
  attribute_value(B b) : v_(b) {}
  attribute_value(bytes b) : v_(std::move(b)) {}
  attribute_value(list_type l) : v_(std::move(l)) {}
  attribute_value(item m) : v_(std::move(m)) {}
  attribute_value(string_set s) : v_(std::move(s)) {}
  attribute_value(number_set s) : v_(std::move(s)) {}
  attribute_value(binary_set s) : v_(std::move(s)) {}

  /// Named constructors, for when the type should be spelled out.
  static attribute_value list(std::initializer_list<attribute_value> values) { return list_type(values); }
  static attribute_value map(item m) { return attribute_value(std::move(m)); }
  static attribute_value null() { return null_value{}; }

  kind type() const noexcept { return static_cast<kind>(v_.index()); }

  // Typed access: a pointer to the value when it has that type, else nullptr.
  const std::string* as_s() const noexcept { return std::get_if<std::string>(&v_); }
  const number* as_n() const noexcept { return std::get_if<number>(&v_); }
  const bytes* as_b() const noexcept { return std::get_if<bytes>(&v_); }
  const bool* as_bool() const noexcept { return std::get_if<bool>(&v_); }
  bool is_null() const noexcept { return std::holds_alternative<null_value>(v_); }
  const list_type* as_l() const noexcept { return std::get_if<list_type>(&v_); }
  const item* as_m() const noexcept { return std::get_if<item>(&v_); }
  const string_set* as_ss() const noexcept { return std::get_if<string_set>(&v_); }
  const number_set* as_ns() const noexcept { return std::get_if<number_set>(&v_); }
  const binary_set* as_bs() const noexcept { return std::get_if<binary_set>(&v_); }

  list_type* as_l() noexcept { return std::get_if<list_type>(&v_); }
  item* as_m() noexcept { return std::get_if<item>(&v_); }

  /// Visits the held value (std::string, number, bytes, bool, null_value, list_type, item,
  /// string_set, number_set or binary_set).
  template <class Visitor>
  decltype(auto) visit(Visitor&& vis) const {
    return std::visit(std::forward<Visitor>(vis), v_);
  }

  friend bool operator==(const attribute_value&, const attribute_value&) = default;

 private:
  std::variant<std::string, number, bytes, bool, null_value, list_type, item, string_set,
               number_set, binary_set>
      v_;
};

/// DynamoDB's type descriptor: "S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS".
std::string_view to_string(attribute_value::kind k) noexcept;

/// Writes the DynamoDB-JSON form (for logs and test failure messages).
std::ostream& operator<<(std::ostream& os, const attribute_value& v);
std::ostream& operator<<(std::ostream& os, const item& i);

}  // namespace ddbkit

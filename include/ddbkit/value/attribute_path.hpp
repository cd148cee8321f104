#pragma once
// Where a value sits inside an item being converted ("order.lines[2].qty"), and the errors
// that name it.
#include <ddbkit/error.hpp>
#include <ddbkit/value/attribute_value.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace ddbkit {

/// The path of the value being converted, built while descending into members, list
/// elements and map entries, and spelled out only when an error needs it.
///
/// Lifetime: a path refers to its parent and to the name it was given; it lives on the
/// caller's stack and is only passed down, never stored. The root (default-constructed)
/// path is empty.
class attribute_path {
 public:
  attribute_path() = default;

  /// The path of member (or map key) `name` below this one: "order" → "order.qty".
  attribute_path member(std::string_view name) const noexcept { return attribute_path(this, name, 0, false); }
  /// The path of list element `index` below this one: "lines" → "lines[2]".
  attribute_path element(std::size_t index) const noexcept { return attribute_path(this, {}, index, true); }

  bool is_root() const noexcept { return parent_ == nullptr; }
  /// "order.lines[2].qty"; empty for the root.
  std::string str() const;

 private:
  attribute_path(const attribute_path* parent, std::string_view name, std::size_t index, bool is_element) noexcept
      : parent_(parent), name_(name), index_(index), is_element_(is_element) {}

  const attribute_path* parent_ = nullptr;
  std::string_view name_;
  std::size_t index_ = 0;
  bool is_element_ = false;
};

// Errors of typed conversions. Each names the path in `field()` and in the message
// ("lines[2].qty: expected N, got S"). Reading gives `serialization` errors; writing keeps
// the cause's code (e.g. `validation` for NaN).

/// A required attribute is absent.
error missing_attribute_error(const attribute_path& path);
/// The attribute has another DynamoDB type than the C++ type needs.
error wrong_type_error(const attribute_path& path, attribute_value::kind expected, const attribute_value& got);
/// The attribute has the right type but a value the C++ type cannot hold exactly.
error invalid_attribute_error(const attribute_path& path, std::string_view problem);
/// `cause`, raised below `path`, with the path put in front of its field and message.
error error_at(const attribute_path& path, const error& cause);

}  // namespace ddbkit

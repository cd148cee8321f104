#pragma once
// An operand of a condition: a path, a literal value, or size(path).
#include <ddbkit/expr/path.hpp>
#include <ddbkit/value/attribute_value.hpp>

#include <concepts>
#include <memory>
#include <type_traits>
#include <utility>

namespace ddbkit::expr {

namespace detail {
struct operand_node;
class expression_writer;
}  // namespace detail

/// Anything that becomes a literal attribute value: strings, numbers, integers, bools,
/// bytes, lists, maps, sets, attribute_value itself.
template <class T>
concept value_like = std::constructible_from<attribute_value, T> &&
                     !std::same_as<std::remove_cvref_t<T>, path>;

/// An operand of a comparison or function in a condition: a path, a literal value (which
/// becomes a fresh `:` placeholder when rendered) or `size(path)`.
/// Thread safety: a regular, immutable value type (copies share their node).
class operand {
 public:
  operand(path p);
  operand(attribute_value v);
  template <value_like T>
    requires(!std::same_as<std::remove_cvref_t<T>, attribute_value>)
  operand(T&& v) : operand(attribute_value(std::forward<T>(v))) {}

 private:
  friend class detail::expression_writer;
  friend operand size(path p);
  explicit operand(std::shared_ptr<const detail::operand_node> node) : node_(std::move(node)) {}
  std::shared_ptr<const detail::operand_node> node_;
};

/// size(path): the length of a string or binary, or the number of elements of a set, list
/// or map; usable wherever a condition takes an operand (`size(path("tags")) > 3`).
operand size(path p);

}  // namespace ddbkit::expr

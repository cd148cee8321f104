#pragma once
// UpdateExpression: SET, REMOVE, ADD and DELETE actions on several paths.
#include <ddbkit/expr/operand.hpp>
#include <ddbkit/expr/path.hpp>

#include <memory>
#include <type_traits>

namespace ddbkit::expr {

namespace detail {
struct update_operand_node;
struct update_value_node;
struct update_action_node;
}  // namespace detail

/// An operand of a SET value: a path, a literal value, or `if_not_exists(path, operand)`.
class update_operand {
 public:
  update_operand(path p);
  update_operand(attribute_value v);
  template <value_like T>
    requires(!std::same_as<std::remove_cvref_t<T>, attribute_value>)
  update_operand(T&& v) : update_operand(attribute_value(std::forward<T>(v))) {}

 private:
  friend class detail::expression_writer;
  friend update_operand if_not_exists(path p, update_operand fallback);
  explicit update_operand(std::shared_ptr<const detail::update_operand_node> node) : node_(std::move(node)) {}
  std::shared_ptr<const detail::update_operand_node> node_;
};

/// if_not_exists(p, fallback): the value at `p`, or `fallback` when there is none.
update_operand if_not_exists(path p, update_operand fallback);

/// The right side of `SET path = value`: an operand, `a + b`, `a - b` (numbers) or
/// `list_append(a, b)` (lists; DynamoDB allows it only at the top of a SET value).
class update_value {
 public:
  update_value(update_operand o);
  update_value(path p);
  update_value(attribute_value v);
  template <value_like T>
    requires(!std::same_as<std::remove_cvref_t<T>, attribute_value>)
  update_value(T&& v) : update_value(attribute_value(std::forward<T>(v))) {}

 private:
  friend class detail::expression_writer;
  friend class update;
  friend update_value operator+(update_operand a, update_operand b);
  friend update_value operator-(update_operand a, update_operand b);
  friend update_value list_append(update_operand a, update_operand b);
  explicit update_value(std::shared_ptr<const detail::update_value_node> node) : node_(std::move(node)) {}
  std::shared_ptr<const detail::update_value_node> node_;
};

/// a + b (numbers): `set(path("n"), path("n") + 1)`.
update_value operator+(update_operand a, update_operand b);
/// a - b (numbers).
update_value operator-(update_operand a, update_operand b);
/// list_append(a, b): the elements of list `a`, then those of list `b`.
update_value list_append(update_operand a, update_operand b);

/// An update expression: any number of actions, each on its own path.
///
///     auto u = update{}.set(path("name"), "Ada").set(path("visits"), path("visits") + 1)
///                      .remove(path("draft")).add(path("tags"), attribute_value::string_set{"x"});
///
/// Rendered by an `expression_context` as "SET … REMOVE … ADD … DELETE …", actions in the
/// order given within each clause. Rendering refuses (`validation`, "UpdateExpression"):
/// no action, two actions on overlapping paths ("a" and "a.b", or one path twice), more
/// than 300 operators and functions, ADD with a value other than N or a set, DELETE with a
/// value other than a set, a literal that is not N in `+`/`-` or not L in list_append.
/// Thread safety: a regular value type; copies share the actions they have in common.
class update {
 public:
  update() = default;

  /// SET target = value
  update& set(path target, update_value value) &;
  update&& set(path target, update_value value) &&;
  /// REMOVE target (an attribute, map member or list element)
  update& remove(path target) &;
  update&& remove(path target) &&;
  /// ADD target value: adds to a number, or adds members to a set.
  update& add(path target, attribute_value value) &;
  update&& add(path target, attribute_value value) &&;
  /// DELETE target value: removes the members of `value` (a set) from a set.
  update& delete_from_set(path target, attribute_value value) &;
  update&& delete_from_set(path target, attribute_value value) &&;

  bool empty() const noexcept { return last_ == nullptr; }

  /// False when applying the update twice differs from applying it once: it has an ADD,
  /// a SET with `+`/`-`, or a list_append. The retry layer does not silently re-send such
  /// an update when its outcome is unknown.
  bool is_idempotent() const noexcept;

 private:
  friend class detail::expression_writer;
  void push(detail::update_action_node&& action);
  std::shared_ptr<const detail::update_action_node> last_;  // actions as a list, newest first
};

}  // namespace ddbkit::expr

#pragma once
// Conditions for ConditionExpression and FilterExpression.
#include <ddbkit/expr/operand.hpp>
#include <ddbkit/expr/path.hpp>

#include <memory>
#include <vector>

namespace ddbkit::expr {

namespace detail {
struct condition_node;
}  // namespace detail

/// A condition tree, built from comparisons and functions with `&&`, `||` and `!`:
///
///     auto c = path("status") == "active" && (path("tries") < 3 || !path("lock").exists());
///
/// Rendered by an `expression_context`, which adds the parentheses the tree needs and
/// gives every name and value a placeholder. The default condition is empty: `&&` and `||`
/// with an empty side give the other side, `!` of an empty condition is empty, and
/// rendering an empty condition is a `validation` error (send no expression instead).
/// Thread safety: a regular, immutable value type (copies share their nodes).
class condition {
 public:
  condition() = default;

  bool empty() const noexcept { return node_ == nullptr; }

  friend condition operator&&(condition a, condition b);
  friend condition operator||(condition a, condition b);
  friend condition operator!(condition c);

 private:
  friend class detail::expression_writer;
  friend struct detail::condition_node;
  explicit condition(std::shared_ptr<const detail::condition_node> node) : node_(std::move(node)) {}
  std::shared_ptr<const detail::condition_node> node_;
};

// Comparisons. A path compared with itself is refused when rendered, as DynamoDB does;
// <, <=, >, >= and BETWEEN take literal values of type S, N or B only.
condition operator==(const operand& a, const operand& b);
condition operator!=(const operand& a, const operand& b);  ///< renders as <>
condition operator<(const operand& a, const operand& b);
condition operator<=(const operand& a, const operand& b);
condition operator>(const operand& a, const operand& b);
condition operator>=(const operand& a, const operand& b);

/// subject BETWEEN low AND high (literal bounds must have one type and low <= high).
condition between(const operand& subject, const operand& low, const operand& high);
/// subject IN (candidates...): 1 to 100 candidates.
condition in(const operand& subject, std::vector<operand> candidates);

/// attribute_exists(p)
condition attribute_exists(path p);
/// attribute_not_exists(p)
condition attribute_not_exists(path p);
/// attribute_type(p, type): type is one of S, SS, N, NS, B, BS, BOOL, NULL, L, M.
condition attribute_type(path p, attribute_value::kind type);
/// begins_with(p, prefix); a literal prefix must be S or B.
condition begins_with(path p, const operand& prefix);
/// contains(p, member)
condition contains(path p, const operand& member);

}  // namespace ddbkit::expr

#include "expr/nodes.hpp"

namespace ddbkit::expr {

using detail::condition_node;

operand::operand(path p) : node_(std::make_shared<const detail::operand_node>(detail::operand_node{std::move(p)})) {}
operand::operand(attribute_value v)
    : node_(std::make_shared<const detail::operand_node>(detail::operand_node{std::move(v)})) {}

operand size(path p) {
  return operand(std::make_shared<const detail::operand_node>(detail::operand_node{detail::size_of{std::move(p)}}));
}

condition operator&&(condition a, condition b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return condition_node::make({detail::logical_node{detail::logical::and_, std::move(a), std::move(b)}});
}

condition operator||(condition a, condition b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return condition_node::make({detail::logical_node{detail::logical::or_, std::move(a), std::move(b)}});
}

condition operator!(condition c) {
  if (c.empty()) return c;
  return condition_node::make({detail::not_node{std::move(c)}});
}

namespace {
condition compare(detail::comparator op, const operand& a, const operand& b) {
  return condition_node::make({detail::comparison{op, a, b}});
}
condition call(detail::function fn, path p, std::variant<std::monostate, attribute_value::kind, operand> argument) {
  return condition_node::make({detail::function_node{fn, std::move(p), std::move(argument)}});
}
}  // namespace

condition operator==(const operand& a, const operand& b) { return compare(detail::comparator::eq, a, b); }
condition operator!=(const operand& a, const operand& b) { return compare(detail::comparator::ne, a, b); }
condition operator<(const operand& a, const operand& b) { return compare(detail::comparator::lt, a, b); }
condition operator<=(const operand& a, const operand& b) { return compare(detail::comparator::le, a, b); }
condition operator>(const operand& a, const operand& b) { return compare(detail::comparator::gt, a, b); }
condition operator>=(const operand& a, const operand& b) { return compare(detail::comparator::ge, a, b); }

condition between(const operand& subject, const operand& low, const operand& high) {
  return condition_node::make({detail::between_node{subject, low, high}});
}

condition in(const operand& subject, std::vector<operand> candidates) {
  return condition_node::make({detail::in_node{subject, std::move(candidates)}});
}

condition attribute_exists(path p) { return call(detail::function::exists, std::move(p), std::monostate{}); }
condition attribute_not_exists(path p) { return call(detail::function::not_exists, std::move(p), std::monostate{}); }
condition attribute_type(path p, attribute_value::kind type) { return call(detail::function::type, std::move(p), type); }
condition begins_with(path p, const operand& prefix) { return call(detail::function::begins_with, std::move(p), prefix); }
condition contains(path p, const operand& member) { return call(detail::function::contains, std::move(p), member); }

condition path::exists() const { return attribute_exists(*this); }
condition path::not_exists() const { return attribute_not_exists(*this); }
condition path::has_type(attribute_value::kind type) const { return attribute_type(*this, type); }
condition path::begins_with(const operand& prefix) const { return expr::begins_with(*this, prefix); }
condition path::contains(const operand& member) const { return expr::contains(*this, member); }
condition path::between(const operand& low, const operand& high) const { return expr::between(*this, low, high); }
condition path::in(std::vector<operand> candidates) const { return expr::in(*this, std::move(candidates)); }

}  // namespace ddbkit::expr

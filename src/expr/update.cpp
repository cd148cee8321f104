#include "expr/nodes.hpp"

namespace ddbkit::expr {

using detail::action_kind;
using detail::update_action_node;

update_operand::update_operand(path p)
    : node_(std::make_shared<const detail::update_operand_node>(detail::update_operand_node{std::move(p)})) {}
update_operand::update_operand(attribute_value v)
    : node_(std::make_shared<const detail::update_operand_node>(detail::update_operand_node{std::move(v)})) {}

update_operand if_not_exists(path p, update_operand fallback) {
  return update_operand(std::make_shared<const detail::update_operand_node>(
      detail::update_operand_node{detail::if_not_exists_node{std::move(p), std::move(fallback)}}));
}

update_value::update_value(update_operand o)
    : node_(std::make_shared<const detail::update_value_node>(detail::update_value_node{std::move(o)})) {}
update_value::update_value(path p) : update_value(update_operand(std::move(p))) {}
update_value::update_value(attribute_value v) : update_value(update_operand(std::move(v))) {}

update_value operator+(update_operand a, update_operand b) {
  return update_value(std::make_shared<const detail::update_value_node>(
      detail::update_value_node{detail::update_binary{detail::update_function::plus, std::move(a), std::move(b)}}));
}
update_value operator-(update_operand a, update_operand b) {
  return update_value(std::make_shared<const detail::update_value_node>(
      detail::update_value_node{detail::update_binary{detail::update_function::minus, std::move(a), std::move(b)}}));
}
update_value list_append(update_operand a, update_operand b) {
  return update_value(std::make_shared<const detail::update_value_node>(detail::update_value_node{
      detail::update_binary{detail::update_function::list_append, std::move(a), std::move(b)}}));
}

void update::push(update_action_node&& action) {
  action.previous = std::move(last_);
  last_ = std::make_shared<const update_action_node>(std::move(action));
}

update& update::set(path target, update_value value) & {
  push({action_kind::set, std::move(target), std::move(value), {}, nullptr});
  return *this;
}
update&& update::set(path target, update_value value) && { return std::move(set(std::move(target), std::move(value))); }

update& update::remove(path target) & {
  push({action_kind::remove, std::move(target), std::nullopt, {}, nullptr});
  return *this;
}
update&& update::remove(path target) && { return std::move(remove(std::move(target))); }

update& update::add(path target, attribute_value value) & {
  push({action_kind::add, std::move(target), std::nullopt, std::move(value), nullptr});
  return *this;
}
update&& update::add(path target, attribute_value value) && { return std::move(add(std::move(target), std::move(value))); }

update& update::delete_from_set(path target, attribute_value value) & {
  push({action_kind::delete_from_set, std::move(target), std::nullopt, std::move(value), nullptr});
  return *this;
}
update&& update::delete_from_set(path target, attribute_value value) && {
  return std::move(delete_from_set(std::move(target), std::move(value)));
}

bool update::is_idempotent() const noexcept {
  for (const update_action_node* a = last_.get(); a != nullptr; a = a->previous.get()) {
    if (a->kind == action_kind::add) return false;
    if (a->kind == action_kind::set) {
      // +, - and list_append all read the old value to compute the new one.
      if (std::holds_alternative<detail::update_binary>(a->set_value->node_->v)) return false;
    }
  }
  return true;
}

}  // namespace ddbkit::expr

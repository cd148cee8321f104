#include <ddbkit/expr/key_condition.hpp>

namespace ddbkit::expr {

key_condition key_attribute::operator==(attribute_value v) const { return key_condition({name_, key_condition::op::eq, std::move(v), {}}); }
key_condition key_attribute::operator<(attribute_value v) const { return key_condition({name_, key_condition::op::lt, std::move(v), {}}); }
key_condition key_attribute::operator<=(attribute_value v) const { return key_condition({name_, key_condition::op::le, std::move(v), {}}); }
key_condition key_attribute::operator>(attribute_value v) const { return key_condition({name_, key_condition::op::gt, std::move(v), {}}); }
key_condition key_attribute::operator>=(attribute_value v) const { return key_condition({name_, key_condition::op::ge, std::move(v), {}}); }
key_condition key_attribute::between(attribute_value low, attribute_value high) const {
  return key_condition({name_, key_condition::op::between, std::move(low), std::move(high)});
}
key_condition key_attribute::begins_with(attribute_value prefix) const {
  return key_condition({name_, key_condition::op::begins_with, std::move(prefix), {}});
}

key_condition operator&&(key_condition a, key_condition b) {
  // More than two parts is kept and refused when rendered, with a message saying why.
  for (auto& p : b.parts_) a.parts_.push_back(std::move(p));
  return a;
}

}  // namespace ddbkit::expr

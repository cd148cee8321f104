#pragma once
// KeyConditionExpression for Query: partition key equality and one sort key condition.
#include <ddbkit/value/attribute_value.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ddbkit::expr {

namespace detail {
class expression_writer;
}  // namespace detail

class key_condition;

/// A key attribute named for a key condition. The name is always a top-level attribute,
/// taken literally (a key cannot be nested), and is escaped with a placeholder.
class key_attribute {
 public:
  explicit key_attribute(std::string name) : name_(std::move(name)) {}

  /// Equality: the partition key condition, or a sort key equal to `v`.
  key_condition operator==(attribute_value v) const;
  key_condition operator<(attribute_value v) const;
  key_condition operator<=(attribute_value v) const;
  key_condition operator>(attribute_value v) const;
  key_condition operator>=(attribute_value v) const;
  key_condition between(attribute_value low, attribute_value high) const;
  /// begins_with(key, prefix); the prefix must be S or B.
  key_condition begins_with(attribute_value prefix) const;

  const std::string& name() const noexcept { return name_; }

 private:
  std::string name_;
};

/// `key_attribute(name)`, for reading: `key("pk") == "user#1" && key("sk") > 10`.
inline key_attribute key(std::string name) { return key_attribute(std::move(name)) ; }

/// A key condition: `pk = v` alone, or with one sort key condition joined by `&&`.
///
/// There is no `||` or `!` (DynamoDB has none for keys). When rendered, anything else
/// DynamoDB would reject is a `validation` error naming "KeyConditionExpression": no
/// partition key equality, more than two parts, two conditions on one key, values other
/// than S, N or B (or empty S/B), begins_with on a number, BETWEEN with low > high.
/// Thread safety: a regular value type.
class key_condition {
 public:
  enum class op : std::uint8_t { eq, lt, le, gt, ge, between, begins_with };

  key_condition() = default;
  bool empty() const noexcept { return parts_.empty(); }

  /// Both conditions: the partition key equality and the sort key condition, in any order.
  friend key_condition operator&&(key_condition a, key_condition b);

 private:
  friend class key_attribute;
  friend class detail::expression_writer;
  struct part {
    std::string name;
    op operation;
    attribute_value low;
    attribute_value high;  // BETWEEN only
  };
  explicit key_condition(part p) { parts_.push_back(std::move(p)); }
  std::vector<part> parts_;
};

}  // namespace ddbkit::expr

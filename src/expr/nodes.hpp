#pragma once
// The immutable nodes behind the expression builders' value types.
#include <ddbkit/expr/condition.hpp>
#include <ddbkit/expr/operand.hpp>
#include <ddbkit/expr/path.hpp>
#include <ddbkit/expr/update.hpp>

#include <cstdint>
#include <memory>
#include <variant>
#include <vector>

namespace ddbkit::expr::detail {

struct size_of {
  path target;
};

struct operand_node {
  std::variant<path, attribute_value, size_of> v;
};

enum class comparator : std::uint8_t { eq, ne, lt, le, gt, ge };

struct comparison {
  comparator op;
  operand left;
  operand right;
};
struct between_node {
  operand subject;
  operand low;
  operand high;
};
struct in_node {
  operand subject;
  std::vector<operand> candidates;
};
enum class function : std::uint8_t { exists, not_exists, type, begins_with, contains };
struct function_node {
  function fn;
  path target;
  std::variant<std::monostate, attribute_value::kind, operand> argument;
};
enum class logical : std::uint8_t { and_, or_ };
struct logical_node {
  logical op;
  condition left;
  condition right;
};
struct not_node {
  condition inner;
};

struct condition_node {
  std::variant<comparison, between_node, in_node, function_node, logical_node, not_node> v;

  static condition make(condition_node node) {
    return condition(std::make_shared<const condition_node>(std::move(node)));
  }
};

struct if_not_exists_node {
  path target;
  update_operand fallback;
};
struct update_operand_node {
  std::variant<path, attribute_value, if_not_exists_node> v;
};

enum class update_function : std::uint8_t { plus, minus, list_append };
struct update_binary {
  update_function fn;
  update_operand left;
  update_operand right;
};
struct update_value_node {
  std::variant<update_operand, update_binary> v;
};

enum class action_kind : std::uint8_t { set, remove, add, delete_from_set };
struct update_action_node {
  action_kind kind;
  path target;
  std::optional<update_value> set_value;  // SET
  attribute_value value;                  // ADD, DELETE
  std::shared_ptr<const update_action_node> previous;
};

}  // namespace ddbkit::expr::detail

#pragma once
// Renders expression trees into DynamoDB's syntax, allocating placeholders as it goes.
#include <ddbkit/expr/expression_context.hpp>
#include <ddbkit/expr/key_condition.hpp>
#include <ddbkit/expr/projection_list.hpp>

#include "expr/nodes.hpp"

#include <optional>
#include <string>

namespace ddbkit::expr::detail {

/// The placeholder state of an expression_context; a writer works on a copy and the
/// context keeps it only when the whole expression rendered.
struct placeholder_tables {
  expression_context::names_type names;
  item values;
  std::map<std::string, std::string, std::less<>> placeholder_of_name;
  std::size_t next_name = 0;
  std::size_t next_value = 0;
};

/// Writes one expression (`field` names it in errors). Each write_* returns false after
/// the first error, which finish() then reports.
class expression_writer {
 public:
  expression_writer(placeholder_tables& tables, std::string field) : t_(tables), field_(std::move(field)) {}

  void write(const condition& c);
  void write(const key_condition& k);
  void write(const update& u);
  void write(const projection_list& p);

  /// The expression, or the first error (including the 4 KB limit).
  result<std::string> finish();

 private:
  bool fail(std::string message);
  bool check_path(const path& p);
  bool write_path(const path& p);
  bool write_name(const std::string& name);
  bool write_value(const attribute_value& v);
  bool write_operand(const operand& o);
  bool write_condition(const condition& c, int depth);
  bool write_nested(const condition& c, const condition_node& parent, int depth);
  bool write_comparison(const comparison& c);
  bool write_between(const between_node& b);
  bool write_in(const in_node& n);
  bool write_function(const function_node& f);
  bool write_update_operand(const update_operand& o, std::size_t& operators, int depth);
  bool write_update_value(const update_value& v, std::size_t& operators);
  bool first_operand_is_distinct(const operand& first, const operand& other, std::string_view what);

  placeholder_tables& t_;
  std::string field_;
  std::string out_;
  std::optional<error> error_;
};

}  // namespace ddbkit::expr::detail

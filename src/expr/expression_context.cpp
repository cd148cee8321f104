#include <ddbkit/expr/expression_context.hpp>

#include <ddbkit/value/limits.hpp>

#include "expr/expression_writer.hpp"

#include <algorithm>

namespace ddbkit::expr {
namespace {

/// "#x" / ":y" (DynamoDB's placeholder rule, shared with the request checks).
result<void> check_placeholder(std::string_view field, std::string_view placeholder, char sigil) {
  return limits::validate_placeholder(placeholder, sigil, field);
}

}  // namespace

namespace {
template <class Expression>
result<std::string> render(expression_context::names_type& names, item& values,
                           std::map<std::string, std::string, std::less<>>& placeholder_of_name, std::size_t& next_name,
                           std::size_t& next_value, const Expression& e, std::string field) {
  // Work on a copy: a failed render must not leave placeholders that nothing uses.
  detail::placeholder_tables staged{names, values, placeholder_of_name, next_name, next_value};
  detail::expression_writer writer(staged, std::move(field));
  writer.write(e);
  auto rendered = writer.finish();
  if (rendered) {
    names = std::move(staged.names);
    values = std::move(staged.values);
    placeholder_of_name = std::move(staged.placeholder_of_name);
    next_name = staged.next_name;
    next_value = staged.next_value;
  }
  return rendered;
}
}  // namespace

result<std::string> expression_context::condition_expression(const condition& c) {
  return render(names_, values_, placeholder_of_name_, next_name_, next_value_, c, "ConditionExpression");
}
result<std::string> expression_context::filter_expression(const condition& c) {
  return render(names_, values_, placeholder_of_name_, next_name_, next_value_, c, "FilterExpression");
}
result<std::string> expression_context::key_condition_expression(const key_condition& k) {
  return render(names_, values_, placeholder_of_name_, next_name_, next_value_, k, "KeyConditionExpression");
}
result<std::string> expression_context::update_expression(const update& u) {
  return render(names_, values_, placeholder_of_name_, next_name_, next_value_, u, "UpdateExpression");
}
result<std::string> expression_context::projection_expression(const projection_list& p) {
  return render(names_, values_, placeholder_of_name_, next_name_, next_value_, p, "ProjectionExpression");
}

result<std::string> expression_context::raw(std::string_view field, std::string expression, const names_type& names,
                                            const item& values) {
  const auto refuse = [&](std::string message) {
    return std::unexpected(error::validation(std::string(field), std::move(message)));
  };
  if (auto ok = limits::validate_expression_text(expression, field); !ok) return std::unexpected(ok.error());
  for (const auto& [placeholder, name] : names) {
    if (auto ok = check_placeholder(field, placeholder, '#'); !ok) return std::unexpected(ok.error());
    if (name.empty()) return refuse("placeholder " + placeholder + " names an empty attribute name");
    const auto existing = names_.find(placeholder);
    if (existing != names_.end() && existing->second != name) {
      return refuse("placeholder " + placeholder + " is already defined for another name");
    }
  }
  for (const auto& [placeholder, value] : values) {
    if (auto ok = check_placeholder(field, placeholder, ':'); !ok) return std::unexpected(ok.error());
    if (auto ok = limits::validate_value(value, std::string(field) + "." + placeholder); !ok) {
      return std::unexpected(ok.error());
    }
    const auto existing = values_.find(placeholder);
    if (existing != values_.end() && !(existing->second == value)) {
      return refuse("placeholder " + placeholder + " is already defined for another value");
    }
  }
  // Every placeholder the fragment uses must be defined, by it or before it.
  for (std::size_t i = 0; i < expression.size(); ++i) {
    const char sigil = expression[i];
    if (sigil != '#' && sigil != ':') continue;
    std::size_t end = i + 1;
    while (end < expression.size() && limits::is_placeholder_char(expression[end])) ++end;
    const std::string_view used = std::string_view(expression).substr(i, end - i);
    const bool defined = sigil == '#' ? (names.contains(used) || names_.contains(used))
                                      : (values.contains(used) || values_.contains(used));
    if (!defined) return refuse("placeholder '" + std::string(used) + "' is used but not defined");
    i = end - 1;
  }
  for (const auto& [placeholder, name] : names) names_.emplace(placeholder, name);
  for (const auto& [placeholder, value] : values) values_.emplace(placeholder, value);
  return expression;
}

}  // namespace ddbkit::expr

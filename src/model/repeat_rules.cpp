// Which writes leave the same state however often they are applied (DESIGN.md "Retry").
// A conditional write is not one of them: its second request would fail on its own first
// success. Nor is a PartiQL write: its conditions live in the statement text, which is not
// parsed here, so only a SELECT counts as harmless.
#include <ddbkit/model/batch_execute_statement.hpp>
#include <ddbkit/model/delete_item.hpp>
#include <ddbkit/model/execute_statement.hpp>
#include <ddbkit/model/put_item.hpp>
#include <ddbkit/model/update_item.hpp>

#include "model/repeat_rules.hpp"

#include <algorithm>
#include <cctype>

namespace ddbkit {
namespace {

bool has_condition(const std::optional<std::string>& condition) {
  return condition && !condition->empty();
}

bool is_word_char(char c) {
  // ':' and '#' start placeholders, '.' and '[' continue document paths: none of them is a
  // keyword boundary.
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == ':' || c == '#' || c == '.';
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::ranges::equal(a, b, [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

/// Whether `expression` contains `word` as a whole word, in any case.
bool contains_word(std::string_view expression, std::string_view word) {
  for (std::size_t i = 0; i + word.size() <= expression.size(); ++i) {
    if (!equals_ignoring_case(expression.substr(i, word.size()), word)) continue;
    const bool starts = i == 0 || !is_word_char(expression[i - 1]);
    const bool ends = i + word.size() == expression.size() || !is_word_char(expression[i + word.size()]);
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

namespace detail {
bool update_expression_is_idempotent(std::string_view expression) {
  if (expression.find_first_of("+-") != std::string_view::npos) return false;
  return !contains_word(expression, "ADD") && !contains_word(expression, "list_append");
}

bool statement_is_read(std::string_view statement) {
  const auto start = std::ranges::find_if_not(statement, [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
  const std::string_view rest = statement.substr(static_cast<std::size_t>(start - statement.begin()));
  constexpr std::string_view select = "SELECT";
  return rest.size() >= select.size() && equals_ignoring_case(rest.substr(0, select.size()), select) &&
         (rest.size() == select.size() || !is_word_char(rest[select.size()]));
}
}  // namespace detail

bool operation_traits<put_item_input>::repeat_is_harmless(const put_item_input& in) {
  return !has_condition(in.condition_expression);
}

bool operation_traits<delete_item_input>::repeat_is_harmless(const delete_item_input& in) {
  return !has_condition(in.condition_expression);
}

bool operation_traits<update_item_input>::repeat_is_harmless(const update_item_input& in) {
  return !has_condition(in.condition_expression) &&
         (!in.update_expression || detail::update_expression_is_idempotent(*in.update_expression));
}

bool operation_traits<execute_statement_input>::repeat_is_harmless(const execute_statement_input& in) {
  return detail::statement_is_read(in.statement);
}

bool operation_traits<batch_execute_statement_input>::repeat_is_harmless(const batch_execute_statement_input& in) {
  return std::ranges::all_of(in.statements, [](const auto& s) { return detail::statement_is_read(s.statement); });
}

}  // namespace ddbkit

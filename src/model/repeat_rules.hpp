#pragma once
// Internal: the textual checks behind operation_traits<>::repeat_is_harmless of UpdateItem
// and the PartiQL operations.
#include <string_view>

namespace ddbkit::detail {

/// A conservative check of an update expression: false when it may depend on the item's
/// current value — an ADD clause, arithmetic (`+`, `-`) or list_append. Placeholders
/// (`:add`, `#add`) and longer words are not mistaken for the ADD keyword.
bool update_expression_is_idempotent(std::string_view expression);

/// Whether a PartiQL statement is a read: its first word, after leading whitespace, is
/// SELECT in any case. Anything else (INSERT, UPDATE, DELETE, a leading comment or
/// parenthesis) counts as a possible write, which errs on the side of not repeating.
bool statement_is_read(std::string_view statement);

}  // namespace ddbkit::detail

#pragma once
// Internal: the textual check behind operation_traits<update_item_input>::repeat_is_harmless.
#include <string_view>

namespace ddbkit::detail {

/// A conservative check of an update expression: false when it may depend on the item's
/// current value — an ADD clause, arithmetic (`+`, `-`) or list_append. Placeholders
/// (`:add`, `#add`) and longer words are not mistaken for the ADD keyword.
bool update_expression_is_idempotent(std::string_view expression);

}  // namespace ddbkit::detail

// operation_traits<>::repeat_is_harmless: DESIGN.md's "a request whose outcome is unknown is
// repeated only when repeating it is harmless", per request type.
#include <ddbkit/model/operation_list.hpp>

#include "model/repeat_rules.hpp"

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

template <class Input>
bool harmless(const Input& in) {
  return operation_traits<Input>::repeat_is_harmless(in);
}

TEST(repeat_rules, update_expressions_that_depend_on_the_current_value_are_not_idempotent) {
  using detail::update_expression_is_idempotent;
  EXPECT_TRUE(update_expression_is_idempotent("SET #n = :v REMOVE old"));
  EXPECT_TRUE(update_expression_is_idempotent("SET a = if_not_exists(a, :zero)"));
  EXPECT_TRUE(update_expression_is_idempotent("SET #add = :add, address = :x"));  // placeholders, not ADD
  EXPECT_TRUE(update_expression_is_idempotent("DELETE tags :gone"));
  EXPECT_FALSE(update_expression_is_idempotent("ADD hits :one"));
  EXPECT_FALSE(update_expression_is_idempotent("set a = :a add b :b"));
  EXPECT_FALSE(update_expression_is_idempotent("SET n = n + :one"));
  EXPECT_FALSE(update_expression_is_idempotent("SET n = n - :one"));
  EXPECT_FALSE(update_expression_is_idempotent("SET l = list_append(l, :more)"));
  EXPECT_FALSE(update_expression_is_idempotent("SET l = LIST_APPEND(:more, l)"));
}

TEST(repeat_rules, reads_and_unconditional_writes_are_harmless_conditional_ones_are_not) {
  EXPECT_TRUE(harmless(get_item_input{}));
  EXPECT_TRUE(harmless(query_input{}));
  EXPECT_TRUE(harmless(batch_write_item_input{}));
  EXPECT_TRUE(harmless(transact_write_items_input{}));
  EXPECT_TRUE(harmless(put_item_input{}));
  EXPECT_FALSE(harmless(put_item_input{.table_name = "t", .item = {}, .condition_expression = "attribute_exists(pk)"}));
  EXPECT_FALSE(harmless(delete_item_input{.table_name = "t", .key = {}, .condition_expression = "v = :v"}));
  EXPECT_TRUE(harmless(update_item_input{.table_name = "t", .key = {}, .update_expression = "SET a = :a"}));
  EXPECT_FALSE(harmless(update_item_input{.table_name = "t", .key = {}, .update_expression = "ADD a :a"}));
  EXPECT_FALSE(harmless(update_item_input{.table_name = "t", .key = {}, .update_expression = "SET a = :a",
                                          .condition_expression = "attribute_exists(pk)"}));
  EXPECT_FALSE(harmless(create_table_input{}));
  EXPECT_FALSE(harmless(update_time_to_live_input{}));
}

// Every listed operation has complete traits (name, output, repeat rule).
#define DDBKIT_CHECK_TRAITS(op) static_assert(operation_input<op##_input>);
DDBKIT_FOR_EACH_OPERATION(DDBKIT_CHECK_TRAITS)
#undef DDBKIT_CHECK_TRAITS

}  // namespace
}  // namespace ddbkit

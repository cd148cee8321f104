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

TEST(repeat_rules, only_select_statements_are_reads) {
  using detail::statement_is_read;
  EXPECT_TRUE(statement_is_read(R"(SELECT * FROM "t" WHERE pk = ?)"));
  EXPECT_TRUE(statement_is_read("select pk from t"));
  EXPECT_TRUE(statement_is_read(" \n\tSeLeCt * FROM t"));
  EXPECT_TRUE(statement_is_read("SELECT*FROM t"));
  EXPECT_TRUE(statement_is_read("SELECT"));
  EXPECT_FALSE(statement_is_read(R"(INSERT INTO "t" VALUE {'pk': ?})"));
  EXPECT_FALSE(statement_is_read("UPDATE t SET v = v + 1 WHERE pk = 'a'"));
  EXPECT_FALSE(statement_is_read("DELETE FROM t WHERE pk = 'a'"));
  EXPECT_FALSE(statement_is_read("SELECTED"));
  EXPECT_FALSE(statement_is_read("SEL"));
  EXPECT_FALSE(statement_is_read(""));
  EXPECT_FALSE(statement_is_read("   "));
  // A write that merely mentions SELECT is still a write.
  EXPECT_FALSE(statement_is_read(R"(EXISTS(SELECT * FROM "t" WHERE pk = 'a'))"));
  EXPECT_FALSE(statement_is_read("UPDATE t SET note = 'SELECT' WHERE pk = 'a'"));
}

TEST(repeat_rules, partiql_statements_are_harmless_only_when_they_read) {
  EXPECT_TRUE(harmless(execute_statement_input{.statement = "  select * from t where pk = ?"}));
  EXPECT_FALSE(harmless(execute_statement_input{.statement = "INSERT INTO t VALUE {'pk': 'a'}"}));
  EXPECT_FALSE(harmless(execute_statement_input{.statement = "UPDATE t SET n = n + 1 WHERE pk = 'a'"}));

  batch_execute_statement_input reads;
  reads.statements.push_back({.statement = "SELECT * FROM t WHERE pk = 'a'"});
  reads.statements.push_back({.statement = "select * from t where pk = 'b'"});
  EXPECT_TRUE(harmless(reads));
  batch_execute_statement_input one_write = reads;
  one_write.statements.push_back({.statement = "DELETE FROM t WHERE pk = 'c'"});
  EXPECT_FALSE(harmless(one_write));

  // The ClientRequestToken makes a repeated transaction apply once, reads or writes.
  execute_transaction_input tx;
  tx.transact_statements.push_back({.statement = "INSERT INTO t VALUE {'pk': 'a'}"});
  EXPECT_TRUE(harmless(tx));
  EXPECT_TRUE(harmless(describe_limits_input{}));
}

// Every listed operation has complete traits (name, output, repeat rule).
#define DDBKIT_CHECK_TRAITS(op) static_assert(operation_input<op##_input>);
DDBKIT_FOR_EACH_OPERATION(DDBKIT_CHECK_TRAITS)
#undef DDBKIT_CHECK_TRAITS

}  // namespace
}  // namespace ddbkit

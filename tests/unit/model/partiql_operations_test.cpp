// ExecuteStatement, BatchExecuteStatement and ExecuteTransaction: wire form, responses, and
// refusals.
#include <ddbkit/model/serialization.hpp>

#include "model_testing.hpp"

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

using testing::refused_at;
using testing::serializes_to;
using testing::undecodable_at;

const std::string select_by_key = R"(SELECT * FROM "orders" WHERE pk = ? AND sk = ?)";
const std::string insert_order = R"(INSERT INTO "orders" VALUE {'pk': ?, 'sk': ?})";

batch_statement_request insert_of(int n) { return {.statement = insert_order, .parameters = {"o", number(n)}}; }
parameterized_statement transact_insert_of(int n) { return {.statement = insert_order, .parameters = {"o", number(n)}}; }

// ---- ExecuteStatement ------------------------------------------------------------------

TEST(execute_statement, serializes_every_field) {
  const execute_statement_input in{
      .statement = select_by_key,
      .parameters = {"o", number(1), attribute_value::string_set{"x"}, attribute_value::map({{"m", true}})},
      .consistent_read = true,
      .next_token = "page-2",
      .limit = 10,
      .return_consumed_capacity = return_consumed_capacity::indexes,
      .return_values_on_condition_check_failure = return_values_on_condition_check_failure::all_old};
  EXPECT_TRUE(serializes_to(serialize(in), R"js({"Statement":"SELECT * FROM \"orders\" WHERE pk = ? AND sk = ?",
      "Parameters":[{"S":"o"},{"N":"1"},{"SS":["x"]},{"M":{"m":{"BOOL":true}}}],
      "ConsistentRead":true,"NextToken":"page-2","Limit":10,"ReturnConsumedCapacity":"INDEXES",
      "ReturnValuesOnConditionCheckFailure":"ALL_OLD"})js"));
}

TEST(execute_statement, a_minimal_request_is_the_statement_alone) {
  // No "Parameters": [] — DynamoDB refuses an empty array.
  EXPECT_TRUE(serializes_to(serialize(execute_statement_input{.statement = R"(SELECT * FROM "orders")"}),
                            R"js({"Statement":"SELECT * FROM \"orders\""})js"));
  // An explicit false is sent as asked.
  EXPECT_TRUE(serializes_to(serialize(execute_statement_input{.statement = "SELECT 1", .consistent_read = false}),
                            R"js({"Statement":"SELECT 1","ConsistentRead":false})js"));
}

TEST(execute_statement, refuses_an_empty_or_over_long_statement) {
  EXPECT_TRUE(refused_at(serialize(execute_statement_input{}), "ExecuteStatement.Statement"));
  EXPECT_TRUE(refused_at(serialize(execute_statement_input{.statement = std::string(8193, 'x')}), "ExecuteStatement.Statement"));
  EXPECT_TRUE(serialize(execute_statement_input{.statement = std::string(8192, 'x')}));
}

TEST(execute_statement, counts_the_statement_length_in_characters_not_bytes) {
  std::string accented;
  for (int i = 0; i < 8192; ++i) accented += "\xC3\xA9";  // é: two bytes, one character
  EXPECT_TRUE(serialize(execute_statement_input{.statement = accented}));
  accented += "\xC3\xA9";
  EXPECT_TRUE(refused_at(serialize(execute_statement_input{.statement = accented}), "ExecuteStatement.Statement"));
}

TEST(execute_statement, refuses_unsendable_parameters_naming_their_position) {
  EXPECT_TRUE(refused_at(serialize(execute_statement_input{.statement = select_by_key,
                                                           .parameters = {"o", attribute_value::number_set{}}}),
                         "ExecuteStatement.Parameters[1]"));
  EXPECT_TRUE(refused_at(serialize(execute_statement_input{
                             .statement = insert_order,
                             .parameters = {attribute_value::map({{"tags", attribute_value::string_set{}}})}}),
                         "ExecuteStatement.Parameters[0].tags"));
}

TEST(execute_statement, refuses_a_bad_next_token_or_limit) {
  EXPECT_TRUE(refused_at(serialize(execute_statement_input{.statement = select_by_key, .next_token = ""}),
                         "ExecuteStatement.NextToken"));
  EXPECT_TRUE(refused_at(serialize(execute_statement_input{.statement = select_by_key, .next_token = std::string(32769, 't')}),
                         "ExecuteStatement.NextToken"));
  EXPECT_TRUE(serialize(execute_statement_input{.statement = select_by_key, .next_token = std::string(32768, 't')}));
  EXPECT_TRUE(refused_at(serialize(execute_statement_input{.statement = select_by_key, .limit = 0}), "ExecuteStatement.Limit"));
}

TEST(execute_statement, parses_a_full_response) {
  auto out = parse_output<execute_statement_output>(R"js({
      "Items":[{"pk":{"S":"o"},"sk":{"N":"1"}},{"pk":{"S":"o"},"sk":{"N":"2"},"tags":{"SS":["a","b"]}}],
      "NextToken":"eyJ2ZXJzaW9uIjoiVjEifQ==","LastEvaluatedKey":{"pk":{"S":"o"},"sk":{"N":"2"}},
      "ConsumedCapacity":{"TableName":"orders","CapacityUnits":0.5,"Table":{"ReadCapacityUnits":0.5}}})js");
  ASSERT_TRUE(out) << out.error();
  ASSERT_EQ(out->items.size(), 2u);
  EXPECT_EQ(out->items[1].at("tags"), attribute_value(attribute_value::string_set{"a", "b"}));
  EXPECT_EQ(out->next_token, "eyJ2ZXJzaW9uIjoiVjEifQ==");
  EXPECT_EQ(out->last_evaluated_key, (item{{"pk", "o"}, {"sk", number(2)}}));
  ASSERT_TRUE(out->consumed_capacity);
  EXPECT_EQ(out->consumed_capacity->table_name, "orders");
  EXPECT_EQ(out->consumed_capacity->table->read_capacity_units, 0.5);
}

TEST(execute_statement, parses_a_write_s_empty_response) {
  for (const char* body : {"{}", R"js({"Items":[]})js"}) {
    auto out = parse_output<execute_statement_output>(body);
    ASSERT_TRUE(out) << out.error();
    EXPECT_TRUE(out->items.empty());
    EXPECT_FALSE(out->next_token);
    EXPECT_FALSE(out->last_evaluated_key);
    EXPECT_FALSE(out->consumed_capacity);
  }
}

TEST(execute_statement, undecodable_members_are_named) {
  EXPECT_TRUE(undecodable_at(parse_output<execute_statement_output>(R"js({"Items":{}})js"), "Items"));
  EXPECT_TRUE(undecodable_at(parse_output<execute_statement_output>(R"js({"Items":[{"a":{"N":"x"}}]})js"), "Items[0].a"));
  EXPECT_TRUE(undecodable_at(parse_output<execute_statement_output>(R"js({"NextToken":7})js"), "NextToken"));
  EXPECT_TRUE(undecodable_at(parse_output<execute_statement_output>(R"js({"LastEvaluatedKey":[]})js"), "LastEvaluatedKey"));
  EXPECT_TRUE(undecodable_at(parse_output<execute_statement_output>(R"js({"ConsumedCapacity":{"CapacityUnits":"x"}})js"),
                             "ConsumedCapacity.CapacityUnits"));
}

// ---- BatchExecuteStatement -------------------------------------------------------------

TEST(batch_execute_statement, serializes_every_field) {
  batch_execute_statement_input in{.return_consumed_capacity = return_consumed_capacity::total};
  in.statements.push_back({.statement = select_by_key, .parameters = {"o", number(1)}, .consistent_read = true});
  in.statements.push_back({.statement = R"(UPDATE "orders" SET v = 2 WHERE pk = 'o' AND sk = 2 AND v = 1)",
                           .return_values_on_condition_check_failure = return_values_on_condition_check_failure::all_old});
  EXPECT_TRUE(serializes_to(serialize(in), R"js({"Statements":[
      {"Statement":"SELECT * FROM \"orders\" WHERE pk = ? AND sk = ?","Parameters":[{"S":"o"},{"N":"1"}],"ConsistentRead":true},
      {"Statement":"UPDATE \"orders\" SET v = 2 WHERE pk = 'o' AND sk = 2 AND v = 1","ReturnValuesOnConditionCheckFailure":"ALL_OLD"}],
      "ReturnConsumedCapacity":"TOTAL"})js"));
}

TEST(batch_execute_statement, serializes_a_minimal_batch) {
  batch_execute_statement_input in;
  in.statements.push_back({.statement = R"(DELETE FROM "orders" WHERE pk = 'o' AND sk = 1)"});
  EXPECT_TRUE(serializes_to(serialize(in), R"js({"Statements":[{"Statement":"DELETE FROM \"orders\" WHERE pk = 'o' AND sk = 1"}]})js"));
}

TEST(batch_execute_statement, refuses_no_statements_and_more_than_25) {
  EXPECT_TRUE(refused_at(serialize(batch_execute_statement_input{}), "BatchExecuteStatement.Statements"));
  batch_execute_statement_input in;
  for (int n = 0; n < 25; ++n) in.statements.push_back(insert_of(n));
  EXPECT_TRUE(serialize(in));
  in.statements.push_back(insert_of(25));
  EXPECT_TRUE(refused_at(serialize(in), "BatchExecuteStatement.Statements"));
}

TEST(batch_execute_statement, refuses_a_bad_statement_naming_its_position) {
  batch_execute_statement_input in;
  for (int n = 0; n < 5; ++n) in.statements.push_back(insert_of(n));
  in.statements[3].statement.clear();
  EXPECT_TRUE(refused_at(serialize(in), "BatchExecuteStatement.Statements[3].Statement"));
  in.statements[3] = insert_of(3);
  in.statements[4].statement = std::string(8193, 'x');
  EXPECT_TRUE(refused_at(serialize(in), "BatchExecuteStatement.Statements[4].Statement"));
  in.statements[4] = insert_of(4);
  in.statements[1].parameters[1] = attribute_value::list({attribute_value::binary_set{}});
  EXPECT_TRUE(refused_at(serialize(in), "BatchExecuteStatement.Statements[1].Parameters[1][0]"));
}

TEST(batch_execute_statement, parses_responses_with_a_per_statement_error_and_its_item) {
  auto out = parse_output<batch_execute_statement_output>(R"js({"Responses":[
      {"TableName":"orders","Item":{"pk":{"S":"o"},"sk":{"N":"1"}}},
      {"TableName":"orders"},
      {"TableName":"orders","Error":{"Code":"ConditionalCheckFailed","Message":"The conditional request failed",
                                     "Item":{"pk":{"S":"o"},"sk":{"N":"2"},"v":{"N":"7"}}}},
      {"Error":{"Code":"DuplicateItem"}}],
      "ConsumedCapacity":[{"TableName":"orders","CapacityUnits":3.0}]})js");
  ASSERT_TRUE(out) << out.error();
  ASSERT_EQ(out->responses.size(), 4u);
  EXPECT_EQ(out->responses[0], (batch_statement_response{.table_name = "orders", .item = item{{"pk", "o"}, {"sk", number(1)}}}));
  EXPECT_EQ(out->responses[1], (batch_statement_response{.table_name = "orders"}));
  EXPECT_EQ(out->responses[2],
            (batch_statement_response{.table_name = "orders",
                                      .error = batch_statement_error{
                                          .code = "ConditionalCheckFailed",
                                          .message = "The conditional request failed",
                                          .item = item{{"pk", "o"}, {"sk", number(2)}, {"v", number(7)}}}}));
  EXPECT_EQ(out->responses[3], (batch_statement_response{.error = batch_statement_error{.code = "DuplicateItem"}}));
  ASSERT_EQ(out->consumed_capacity.size(), 1u);
  EXPECT_EQ(out->consumed_capacity[0].capacity_units, 3.0);
}

TEST(batch_execute_statement, responses_are_required) {
  EXPECT_TRUE(undecodable_at(parse_output<batch_execute_statement_output>("{}"), "Responses"));
  auto empty = parse_output<batch_execute_statement_output>(R"js({"Responses":[]})js");
  ASSERT_TRUE(empty) << empty.error();
  EXPECT_TRUE(empty->responses.empty());
}

TEST(batch_execute_statement, undecodable_members_are_named) {
  using out = batch_execute_statement_output;
  EXPECT_TRUE(undecodable_at(parse_output<out>(R"js({"Responses":{}})js"), "Responses"));
  EXPECT_TRUE(undecodable_at(parse_output<out>(R"js({"Responses":[{},{"TableName":1}]})js"), "Responses[1].TableName"));
  EXPECT_TRUE(undecodable_at(parse_output<out>(R"js({"Responses":[{"Item":{"a":{"Q":"1"}}}]})js"), "Responses[0].Item.a"));
  EXPECT_TRUE(undecodable_at(parse_output<out>(R"js({"Responses":[{},{"Error":{"Message":"no code"}}]})js"),
                             "Responses[1].Error.Code"));
  EXPECT_TRUE(undecodable_at(parse_output<out>(R"js({"Responses":[{"Error":"DuplicateItem"}]})js"), "Responses[0].Error"));
  EXPECT_TRUE(undecodable_at(parse_output<out>(R"js({"Responses":[{"Error":{"Code":"X","Item":{"v":{"N":"1e999"}}}}]})js"),
                             "Responses[0].Error.Item.v"));
  EXPECT_TRUE(undecodable_at(parse_output<out>(R"js({"Responses":[],"ConsumedCapacity":{"TableName":"t"}})js"),
                             "ConsumedCapacity"));
}

// ---- ExecuteTransaction ----------------------------------------------------------------

TEST(execute_transaction, serializes_every_field) {
  execute_transaction_input in{.client_request_token = "token-1",
                               .return_consumed_capacity = return_consumed_capacity::indexes};
  in.transact_statements.push_back(transact_insert_of(1));
  in.transact_statements.push_back(
      {.statement = R"(EXISTS(SELECT * FROM "orders" WHERE pk = ? AND sk = ? AND v = ?))",
       .parameters = {"o", number(2), number(7)},
       .return_values_on_condition_check_failure = return_values_on_condition_check_failure::all_old});
  EXPECT_TRUE(serializes_to(serialize(in), R"js({"TransactStatements":[
      {"Statement":"INSERT INTO \"orders\" VALUE {'pk': ?, 'sk': ?}","Parameters":[{"S":"o"},{"N":"1"}]},
      {"Statement":"EXISTS(SELECT * FROM \"orders\" WHERE pk = ? AND sk = ? AND v = ?)",
       "Parameters":[{"S":"o"},{"N":"2"},{"N":"7"}],"ReturnValuesOnConditionCheckFailure":"ALL_OLD"}],
      "ClientRequestToken":"token-1","ReturnConsumedCapacity":"INDEXES"})js"));
}

TEST(execute_transaction, serializes_a_minimal_transaction) {
  // Without a token here; the client adds one before the first request.
  execute_transaction_input in;
  in.transact_statements.push_back({.statement = R"(DELETE FROM "orders" WHERE pk = 'o' AND sk = 1)"});
  EXPECT_TRUE(serializes_to(serialize(in),
                            R"js({"TransactStatements":[{"Statement":"DELETE FROM \"orders\" WHERE pk = 'o' AND sk = 1"}]})js"));
}

TEST(execute_transaction, refuses_no_statements_and_more_than_100) {
  EXPECT_TRUE(refused_at(serialize(execute_transaction_input{}), "ExecuteTransaction.TransactStatements"));
  execute_transaction_input in;
  for (int n = 0; n < 100; ++n) in.transact_statements.push_back(transact_insert_of(n));
  EXPECT_TRUE(serialize(in));
  in.transact_statements.push_back(transact_insert_of(100));
  EXPECT_TRUE(refused_at(serialize(in), "ExecuteTransaction.TransactStatements"));
}

TEST(execute_transaction, refuses_a_bad_statement_naming_its_position) {
  execute_transaction_input in;
  for (int n = 0; n < 3; ++n) in.transact_statements.push_back(transact_insert_of(n));
  in.transact_statements[2].statement.clear();
  EXPECT_TRUE(refused_at(serialize(in), "ExecuteTransaction.TransactStatements[2].Statement"));
  in.transact_statements[2] = transact_insert_of(2);
  in.transact_statements[0].parameters.push_back(attribute_value::map({{"", "unnamed"}}));
  EXPECT_TRUE(refused_at(serialize(in), "ExecuteTransaction.TransactStatements[0].Parameters[2]"));
}

TEST(execute_transaction, refuses_bad_tokens) {
  execute_transaction_input in{.client_request_token = std::string(37, 't')};
  in.transact_statements.push_back(transact_insert_of(1));
  EXPECT_TRUE(refused_at(serialize(in), "ExecuteTransaction.ClientRequestToken"));
  in.client_request_token = "";
  EXPECT_TRUE(refused_at(serialize(in), "ExecuteTransaction.ClientRequestToken"));
  in.client_request_token = std::string(36, 't');
  EXPECT_TRUE(serialize(in));
}

TEST(execute_transaction, parses_read_responses_aligned_with_the_statements) {
  auto out = parse_output<execute_transaction_output>(R"js({"Responses":[{"Item":{"pk":{"S":"o"},"sk":{"N":"1"}}},{}],
      "ConsumedCapacity":[{"TableName":"orders","CapacityUnits":4.0,"ReadCapacityUnits":4.0}]})js");
  ASSERT_TRUE(out) << out.error();
  ASSERT_EQ(out->responses.size(), 2u);
  EXPECT_EQ(out->responses[0].item, (item{{"pk", "o"}, {"sk", number(1)}}));
  EXPECT_FALSE(out->responses[1].item);
  ASSERT_EQ(out->consumed_capacity.size(), 1u);
  EXPECT_EQ(out->consumed_capacity[0].read_capacity_units, 4.0);
}

TEST(execute_transaction, a_write_transaction_may_answer_without_responses) {
  for (const char* body : {"{}", R"js({"Responses":[]})js"}) {
    auto out = parse_output<execute_transaction_output>(body);
    ASSERT_TRUE(out) << out.error();
    EXPECT_TRUE(out->responses.empty());
  }
}

TEST(execute_transaction, undecodable_members_are_named) {
  using out = execute_transaction_output;
  EXPECT_TRUE(undecodable_at(parse_output<out>(R"js({"Responses":[{},"x"]})js"), "Responses[1]"));
  EXPECT_TRUE(undecodable_at(parse_output<out>(R"js({"Responses":[{},{"Item":{"x":{"BOOL":"yes"}}}]})js"), "Responses[1].Item.x"));
  EXPECT_TRUE(undecodable_at(parse_output<out>(R"js({"ConsumedCapacity":[{"TableName":5}]})js"), "ConsumedCapacity[0].TableName"));
}

}  // namespace
}  // namespace ddbkit

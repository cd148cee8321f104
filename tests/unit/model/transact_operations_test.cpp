// TransactWriteItems and TransactGetItems: wire form, responses, and refusals.
#include <ddbkit/model/serialization.hpp>

#include "model_testing.hpp"

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

using testing::refused_at;
using testing::serializes_to;

transact_write_item put_of(std::string pk) { return {.put = transact_put{.table_name = "tx1", .item = {{"pk", std::move(pk)}}}}; }

TEST(transact_write_items, serializes_all_four_kinds_of_action_with_every_field) {
  transact_write_items_input in{.client_request_token = "token-1",
                                .return_consumed_capacity = return_consumed_capacity::indexes,
                                .return_item_collection_metrics = return_item_collection_metrics::size};
  in.transact_items.push_back(
      {.condition_check = transact_condition_check{
           .table_name = "tx1",
           .key = {{"pk", "a"}},
           .condition_expression = "#b >= :min",
           .expression_attribute_names = {{"#b", "balance"}},
           .expression_attribute_values = {{":min", number(10)}},
           .return_values_on_condition_check_failure = return_values_on_condition_check_failure::all_old}});
  in.transact_items.push_back({.put = transact_put{.table_name = "tx1",
                                                   .item = {{"pk", "b"}, {"v", number(1)}},
                                                   .condition_expression = "attribute_not_exists(pk)"}});
  in.transact_items.push_back(
      {.remove = transact_delete{.table_name = "tx2",
                                 .key = {{"pk", "c"}},
                                 .return_values_on_condition_check_failure = return_values_on_condition_check_failure::none}});
  in.transact_items.push_back({.update = transact_update{.table_name = "tx1",
                                                         .key = {{"pk", "d"}},
                                                         .update_expression = "SET v = v + :one",
                                                         .condition_expression = "attribute_exists(pk)",
                                                         .expression_attribute_values = {{":one", number(1)}}}});
  EXPECT_TRUE(serializes_to(serialize(in), R"js({"TransactItems":[
      {"ConditionCheck":{"TableName":"tx1","Key":{"pk":{"S":"a"}},"ConditionExpression":"#b >= :min",
                         "ExpressionAttributeNames":{"#b":"balance"},"ExpressionAttributeValues":{":min":{"N":"10"}},
                         "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
      {"Put":{"TableName":"tx1","Item":{"pk":{"S":"b"},"v":{"N":"1"}},"ConditionExpression":"attribute_not_exists(pk)"}},
      {"Delete":{"TableName":"tx2","Key":{"pk":{"S":"c"}},"ReturnValuesOnConditionCheckFailure":"NONE"}},
      {"Update":{"TableName":"tx1","Key":{"pk":{"S":"d"}},"UpdateExpression":"SET v = v + :one",
                 "ConditionExpression":"attribute_exists(pk)","ExpressionAttributeValues":{":one":{"N":"1"}}}}],
      "ClientRequestToken":"token-1","ReturnConsumedCapacity":"INDEXES","ReturnItemCollectionMetrics":"SIZE"})js"));
}

TEST(transact_write_items, parses_capacity_and_item_collection_metrics) {
  auto out = parse_output<transact_write_items_output>(R"js({
      "ConsumedCapacity":[{"TableName":"tx1","CapacityUnits":4.0,"WriteCapacityUnits":4.0,"Table":{"WriteCapacityUnits":4.0}}],
      "ItemCollectionMetrics":{"tx1":[{"ItemCollectionKey":{"pk":{"S":"a"}},"SizeEstimateRangeGB":[0.0,1.0]}]}})js");
  ASSERT_TRUE(out) << out.error();
  ASSERT_EQ(out->consumed_capacity.size(), 1u);
  EXPECT_EQ(out->consumed_capacity[0].table->write_capacity_units, 4.0);
  EXPECT_EQ(out->item_collection_metrics.at("tx1")[0].item_collection_key, (item{{"pk", "a"}}));
  EXPECT_TRUE(parse_output<transact_write_items_output>("{}"));
}

TEST(transact_write_items, each_action_sets_exactly_one_kind) {
  transact_write_items_input none;
  none.transact_items.push_back({});
  EXPECT_TRUE(refused_at(serialize(none), "TransactWriteItems.TransactItems[0]"));
  transact_write_items_input two;
  two.transact_items.push_back(put_of("a"));
  two.transact_items.push_back({.put = transact_put{.table_name = "tx1", .item = {{"pk", "b"}}},
                                .remove = transact_delete{.table_name = "tx1", .key = {{"pk", "c"}}}});
  EXPECT_TRUE(refused_at(serialize(two), "TransactWriteItems.TransactItems[1]"));
}

TEST(transact_write_items, refuses_no_actions_and_more_than_100) {
  EXPECT_TRUE(refused_at(serialize(transact_write_items_input{}), "TransactWriteItems.TransactItems"));
  transact_write_items_input in;
  for (int i = 0; i < 100; ++i) in.transact_items.push_back(put_of("k" + std::to_string(i)));
  EXPECT_TRUE(serialize(in));
  in.transact_items.push_back(put_of("k100"));
  EXPECT_TRUE(refused_at(serialize(in), "TransactWriteItems.TransactItems"));
}

TEST(transact_write_items, refuses_two_actions_on_one_item) {
  transact_write_items_input keys;
  keys.transact_items.push_back({.remove = transact_delete{.table_name = "tx1", .key = {{"pk", "a"}}}});
  keys.transact_items.push_back({.update = transact_update{.table_name = "tx1", .key = {{"pk", "a"}}, .update_expression = "REMOVE v"}});
  EXPECT_TRUE(refused_at(serialize(keys), "TransactWriteItems.TransactItems[1]"));
  transact_write_items_input put_and_check;
  put_and_check.transact_items.push_back(put_of("b"));
  put_and_check.transact_items.push_back(
      {.condition_check = transact_condition_check{.table_name = "tx1", .key = {{"pk", "b"}}, .condition_expression = "attribute_exists(pk)"}});
  EXPECT_TRUE(refused_at(serialize(put_and_check), "TransactWriteItems.TransactItems[1]"));
  transact_write_items_input other_table;
  other_table.transact_items.push_back(put_of("b"));
  other_table.transact_items.push_back({.remove = transact_delete{.table_name = "tx2", .key = {{"pk", "b"}}}});
  EXPECT_TRUE(serialize(other_table));
}

TEST(transact_write_items, refuses_bad_tokens) {
  transact_write_items_input in{.client_request_token = std::string(37, 't')};
  in.transact_items.push_back(put_of("a"));
  EXPECT_TRUE(refused_at(serialize(in), "TransactWriteItems.ClientRequestToken"));
  in.client_request_token = "";
  EXPECT_TRUE(refused_at(serialize(in), "TransactWriteItems.ClientRequestToken"));
  in.client_request_token = std::string(36, 't');
  EXPECT_TRUE(serialize(in));
}

TEST(transact_write_items, an_empty_token_takes_the_clients_and_a_bad_own_token_is_still_refused) {
  const request_defaults client_token{.client_request_token = "token-of-the-client"};
  transact_write_items_input in{.client_request_token = ""};
  in.transact_items.push_back(put_of("a"));
  auto body = serialize(in, client_token);
  ASSERT_TRUE(body) << body.error();
  EXPECT_TRUE(body->contains(R"("ClientRequestToken":"token-of-the-client")")) << *body;
  in.client_request_token = std::string(37, 't');
  EXPECT_TRUE(refused_at(serialize(in, client_token), "TransactWriteItems.ClientRequestToken"));
}

TEST(transact_write_items, refuses_bad_action_parts_naming_them) {
  transact_write_items_input check;
  check.transact_items.push_back({.condition_check = transact_condition_check{.table_name = "tx1", .key = {{"pk", "a"}}}});
  EXPECT_TRUE(refused_at(serialize(check), "TransactWriteItems.TransactItems[0].ConditionCheck.ConditionExpression"));
  transact_write_items_input update;
  update.transact_items.push_back(put_of("a"));
  update.transact_items.push_back({.update = transact_update{.table_name = "tx1", .key = {{"pk", "b"}}}});
  EXPECT_TRUE(refused_at(serialize(update), "TransactWriteItems.TransactItems[1].Update.UpdateExpression"));
  transact_write_items_input put;
  put.transact_items.push_back({.put = transact_put{.table_name = "x", .item = {{"pk", "a"}}}});
  EXPECT_TRUE(refused_at(serialize(put), "TransactWriteItems.TransactItems[0].Put.TableName"));
  transact_write_items_input remove;
  remove.transact_items.push_back({.remove = transact_delete{.table_name = "tx1", .key = {{"pk", "a"}},
                                                             .expression_attribute_values = {{":v", attribute_value::string_set{}}}}});
  EXPECT_TRUE(refused_at(serialize(remove), "TransactWriteItems.TransactItems[0].Delete.ExpressionAttributeValues[:v]"));
  transact_write_items_input item_limit;
  item_limit.transact_items.push_back({.put = transact_put{.table_name = "tx1", .item = {{"pk", "a"}, {"blob", std::string(401 * 1024, 'x')}}}});
  EXPECT_TRUE(refused_at(serialize(item_limit), "TransactWriteItems.TransactItems[0].Put.Item"));
}

TEST(transact_write_items, refuses_a_request_over_4_mb) {
  transact_write_items_input in;
  for (int i = 0; i < 11; ++i) {
    in.transact_items.push_back({.put = transact_put{.table_name = "tx1", .item = {{"pk", number(i)}, {"blob", std::string(390 * 1024, 'x')}}}});
  }
  EXPECT_TRUE(refused_at(serialize(in), "TransactWriteItems"));
  in.transact_items.resize(10);
  EXPECT_TRUE(serialize(in));
}

TEST(transact_get_items, serializes_every_field) {
  transact_get_items_input in{.return_consumed_capacity = return_consumed_capacity::total};
  in.transact_items.push_back({.get = {.table_name = "tx1",
                                       .key = {{"pk", "a"}},
                                       .projection_expression = "#v",
                                       .expression_attribute_names = {{"#v", "value"}}}});
  in.transact_items.push_back({.get = {.table_name = "tx2", .key = {{"pk", "a"}}}});
  EXPECT_TRUE(serializes_to(serialize(in), R"js({"TransactItems":[
      {"Get":{"TableName":"tx1","Key":{"pk":{"S":"a"}},"ProjectionExpression":"#v","ExpressionAttributeNames":{"#v":"value"}}},
      {"Get":{"TableName":"tx2","Key":{"pk":{"S":"a"}}}}],"ReturnConsumedCapacity":"TOTAL"})js"));
}

TEST(transact_get_items, parses_responses_aligned_with_the_actions) {
  auto out = parse_output<transact_get_items_output>(R"js({"Responses":[{"Item":{"pk":{"S":"a"}}},{}],
      "ConsumedCapacity":[{"TableName":"tx1","CapacityUnits":4.0,"ReadCapacityUnits":4.0}]})js");
  ASSERT_TRUE(out) << out.error();
  ASSERT_EQ(out->responses.size(), 2u);
  EXPECT_EQ(out->responses[0].item, (item{{"pk", "a"}}));
  EXPECT_FALSE(out->responses[1].item);
  EXPECT_EQ(out->consumed_capacity[0].read_capacity_units, 4.0);
}

TEST(transact_get_items, a_body_without_responses_is_refused) {
  EXPECT_TRUE(testing::undecodable_at(parse_output<transact_get_items_output>("{}"), "Responses"));
}

TEST(transact_get_items, refuses_bad_counts_duplicates_and_keys) {
  EXPECT_TRUE(refused_at(serialize(transact_get_items_input{}), "TransactGetItems.TransactItems"));
  transact_get_items_input many;
  for (int i = 0; i < 101; ++i) many.transact_items.push_back({.get = {.table_name = "tx1", .key = {{"pk", number(i)}}}});
  EXPECT_TRUE(refused_at(serialize(many), "TransactGetItems.TransactItems"));
  transact_get_items_input dup;
  dup.transact_items.push_back({.get = {.table_name = "tx1", .key = {{"pk", "a"}}}});
  dup.transact_items.push_back({.get = {.table_name = "tx1", .key = {{"pk", "a"}}}});
  EXPECT_TRUE(refused_at(serialize(dup), "TransactGetItems.TransactItems[1]"));
  transact_get_items_input key;
  key.transact_items.push_back({.get = {.table_name = "tx1", .key = {{"pk", true}}}});
  EXPECT_TRUE(refused_at(serialize(key), "TransactGetItems.TransactItems[0].Get.Key.pk"));
}

TEST(transact_operations, traits) {
  static_assert(operation_traits<transact_get_items_input>::name == "TransactGetItems");
  static_assert(operation_traits<transact_write_items_input>::name == "TransactWriteItems");
}

}  // namespace
}  // namespace ddbkit

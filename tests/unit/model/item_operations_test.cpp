#include <ddbkit/model/serialization.hpp>

#include "json_compare.hpp"

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

using testing::same_json;

TEST(get_item, serializes_every_field) {
  auto body = serialize(get_item_input{.table_name = "orders",
                                       .key = {{"pk", "a"}, {"sk", number(1)}},
                                       .consistent_read = true,
                                       .projection_expression = "#n, total",
                                       .expression_attribute_names = {{"#n", "name"}},
                                       .return_consumed_capacity = return_consumed_capacity::total});
  ASSERT_TRUE(body) << body.error();
  EXPECT_TRUE(same_json(*body, R"js({"TableName":"orders","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"ConsistentRead":true,
      "ProjectionExpression":"#n, total","ExpressionAttributeNames":{"#n":"name"},"ReturnConsumedCapacity":"TOTAL"})js"));
}

TEST(get_item, leaves_out_what_is_not_set) {
  auto body = serialize(get_item_input{.table_name = "orders", .key = {{"pk", "a"}}});
  ASSERT_TRUE(body);
  EXPECT_TRUE(same_json(*body, R"js({"TableName":"orders","Key":{"pk":{"S":"a"}}})js"));
}

TEST(get_item, parses_item_and_consumed_capacity) {
  auto out = parse_output<get_item_output>(R"js({"Item":{"pk":{"S":"a"}},
      "ConsumedCapacity":{"TableName":"orders","CapacityUnits":0.5,"Table":{"CapacityUnits":0.5},
      "GlobalSecondaryIndexes":{"gsi":{"ReadCapacityUnits":1}}}})js");
  ASSERT_TRUE(out) << out.error();
  ASSERT_TRUE(out->item);
  EXPECT_EQ(out->item->at("pk"), attribute_value("a"));
  ASSERT_TRUE(out->consumed_capacity);
  EXPECT_EQ(out->consumed_capacity->table_name, "orders");
  EXPECT_EQ(out->consumed_capacity->capacity_units, 0.5);
  EXPECT_EQ(out->consumed_capacity->table->capacity_units, 0.5);
  EXPECT_EQ(out->consumed_capacity->global_secondary_indexes.at("gsi").read_capacity_units, 1.0);
}

TEST(get_item, empty_response_means_no_item) {
  auto out = parse_output<get_item_output>("{}");
  ASSERT_TRUE(out);
  EXPECT_FALSE(out->item);
}

TEST(put_item, serializes_condition_placeholders_and_return_options) {
  auto body = serialize(put_item_input{.table_name = "orders",
                                       .item = {{"pk", "a"}, {"n", number(2)}},
                                       .condition_expression = "attribute_not_exists(pk) OR #v < :v",
                                       .expression_attribute_names = {{"#v", "version"}},
                                       .expression_attribute_values = {{":v", number(3)}},
                                       .return_values = return_values::all_old,
                                       .return_values_on_condition_check_failure =
                                           return_values_on_condition_check_failure::all_old,
                                       .return_consumed_capacity = return_consumed_capacity::indexes,
                                       .return_item_collection_metrics = return_item_collection_metrics::size});
  ASSERT_TRUE(body) << body.error();
  EXPECT_TRUE(same_json(*body, R"js({"TableName":"orders","Item":{"pk":{"S":"a"},"n":{"N":"2"}},
      "ConditionExpression":"attribute_not_exists(pk) OR #v < :v","ExpressionAttributeNames":{"#v":"version"},
      "ExpressionAttributeValues":{":v":{"N":"3"}},"ReturnValues":"ALL_OLD",
      "ReturnValuesOnConditionCheckFailure":"ALL_OLD","ReturnConsumedCapacity":"INDEXES",
      "ReturnItemCollectionMetrics":"SIZE"})js"));
}

TEST(put_item, refuses_an_item_over_400_kb_naming_the_field) {
  auto body = serialize(put_item_input{.table_name = "orders", .item = {{"pk", "a"}, {"blob", std::string(401 * 1024, 'x')}}});
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code(), error_code::validation);
  EXPECT_EQ(body.error().field(), "PutItem.Item");
}

TEST(put_item, refuses_an_empty_set_naming_its_path) {
  auto body = serialize(put_item_input{.table_name = "orders", .item = {{"pk", "a"}, {"tags", attribute_value::string_set{}}}});
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().field(), "PutItem.Item.tags");
}

TEST(put_item, refuses_return_values_it_does_not_support) {
  auto body = serialize(put_item_input{.table_name = "orders", .item = {{"pk", "a"}}, .return_values = return_values::all_new});
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().field(), "PutItem.ReturnValues");
}

TEST(item_operations, table_names_follow_dynamodb_rules) {
  for (const char* bad : {"ab", "has space", "slash/name", "ünïcode"}) {
    auto body = serialize(get_item_input{.table_name = bad, .key = {{"pk", "a"}}});
    ASSERT_FALSE(body) << bad;
    EXPECT_EQ(body.error().field(), "GetItem.TableName");
  }
  EXPECT_FALSE(serialize(get_item_input{.table_name = std::string(256, 'a'), .key = {{"pk", "a"}}}));
  EXPECT_TRUE(serialize(get_item_input{.table_name = "a.b-c_9", .key = {{"pk", "a"}}}));
}

TEST(item_operations, keys_must_be_one_or_two_scalar_attributes) {
  EXPECT_EQ(serialize(get_item_input{.table_name = "orders", .key = {}}).error().field(), "GetItem.Key");
  EXPECT_FALSE(serialize(get_item_input{.table_name = "orders", .key = {{"a", "1"}, {"b", "2"}, {"c", "3"}}}));
  EXPECT_EQ(serialize(get_item_input{.table_name = "orders", .key = {{"pk", true}}}).error().field(), "GetItem.Key.pk");
  EXPECT_FALSE(serialize(get_item_input{.table_name = "orders", .key = {{"pk", ""}}}));
}

TEST(item_operations, placeholders_must_be_well_formed) {
  auto bad_name = serialize(update_item_input{.table_name = "orders", .key = {{"pk", "a"}}, .update_expression = "SET a = :v",
                                              .expression_attribute_names = {{"name", "x"}},
                                              .expression_attribute_values = {{":v", number(1)}}});
  ASSERT_FALSE(bad_name);
  EXPECT_EQ(bad_name.error().field(), "UpdateItem.ExpressionAttributeNames[name]");
  auto bad_value = serialize(update_item_input{.table_name = "orders", .key = {{"pk", "a"}}, .update_expression = "SET a = :v",
                                               .expression_attribute_values = {{"v", number(1)}}});
  ASSERT_FALSE(bad_value);
  EXPECT_EQ(bad_value.error().field(), "UpdateItem.ExpressionAttributeValues[v]");
  auto long_placeholder = serialize(update_item_input{.table_name = "orders", .key = {{"pk", "a"}},
                                                      .update_expression = "SET a = :v",
                                                      .expression_attribute_values = {{":" + std::string(255, 'v'), number(1)}}});
  EXPECT_FALSE(long_placeholder);
}

TEST(item_operations, expressions_over_4_kb_are_refused) {
  auto body = serialize(update_item_input{.table_name = "orders", .key = {{"pk", "a"}},
                                          .update_expression = "SET a = :v" + std::string(4096, ' ')});
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().field(), "UpdateItem.UpdateExpression");
}

TEST(update_item, serializes_update_and_condition) {
  auto body = serialize(update_item_input{.table_name = "orders",
                                          .key = {{"pk", "a"}},
                                          .update_expression = "ADD #c :one",
                                          .condition_expression = "attribute_exists(pk)",
                                          .expression_attribute_names = {{"#c", "count"}},
                                          .expression_attribute_values = {{":one", number(1)}},
                                          .return_values = return_values::updated_new});
  ASSERT_TRUE(body) << body.error();
  EXPECT_TRUE(same_json(*body, R"js({"TableName":"orders","Key":{"pk":{"S":"a"}},"UpdateExpression":"ADD #c :one",
      "ConditionExpression":"attribute_exists(pk)","ExpressionAttributeNames":{"#c":"count"},
      "ExpressionAttributeValues":{":one":{"N":"1"}},"ReturnValues":"UPDATED_NEW"})js"));
}

TEST(delete_item, serializes_and_parses_attributes) {
  auto body = serialize(delete_item_input{.table_name = "orders", .key = {{"pk", "a"}}, .return_values = return_values::all_old});
  ASSERT_TRUE(body);
  EXPECT_TRUE(same_json(*body, R"js({"TableName":"orders","Key":{"pk":{"S":"a"}},"ReturnValues":"ALL_OLD"})js"));
  auto out = parse_output<delete_item_output>(R"js({"Attributes":{"pk":{"S":"a"},"v":{"N":"5"}},
      "ItemCollectionMetrics":{"ItemCollectionKey":{"pk":{"S":"a"}},"SizeEstimateRangeGB":[0.0,1.0]}})js");
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(out->attributes->at("v"), attribute_value(number(5)));
  ASSERT_TRUE(out->item_collection_metrics);
  EXPECT_EQ(out->item_collection_metrics->size_estimate_range_gb, (std::vector<double>{0.0, 1.0}));
}

TEST(responses, wrong_member_types_are_serialization_errors_naming_the_member) {
  auto count = parse_output<query_output>(R"js({"Count":"x"})js");
  ASSERT_FALSE(count);
  EXPECT_EQ(count.error().code(), error_code::serialization);
  EXPECT_NE(std::string(count.error().message()).find("Count"), std::string::npos);
  auto capacity = parse_output<get_item_output>(R"js({"ConsumedCapacity":{"CapacityUnits":"lots"}})js");
  ASSERT_FALSE(capacity);
  EXPECT_NE(std::string(capacity.error().message()).find("ConsumedCapacity.CapacityUnits"), std::string::npos);
  auto status = parse_output<describe_table_output>(R"js({"Table":{"TableStatus":"SLEEPING"}})js");
  ASSERT_FALSE(status);
  EXPECT_NE(std::string(status.error().message()).find("Table.TableStatus"), std::string::npos);
}

TEST(responses, truncated_or_non_json_bodies_are_serialization_errors) {
  for (const char* body : {"", "{", R"js({"Item":{"pk":{"S":"a"})js", "<html>oops</html>", "[]", "null"}) {
    auto out = parse_output<get_item_output>(body);
    ASSERT_FALSE(out) << body;
    EXPECT_EQ(out.error().code(), error_code::serialization) << body;
  }
}

TEST(responses, unknown_members_are_ignored) {
  auto out = parse_output<get_item_output>(R"js({"Item":{"pk":{"S":"a"}},"SomethingNew":{"x":[1,2]}})js");
  ASSERT_TRUE(out);
}

}  // namespace
}  // namespace ddbkit

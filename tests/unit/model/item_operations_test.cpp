// GetItem, PutItem, UpdateItem, DeleteItem: wire form and responses.
#include <ddbkit/model/serialization.hpp>

#include "model_testing.hpp"

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

using testing::serializes_to;

TEST(get_item, serializes_every_field) {
  EXPECT_TRUE(serializes_to(serialize(get_item_input{.table_name = "orders",
                                                     .key = {{"pk", "a"}, {"sk", number(1)}},
                                                     .consistent_read = true,
                                                     .projection_expression = "#n, total",
                                                     .expression_attribute_names = {{"#n", "name"}},
                                                     .return_consumed_capacity = return_consumed_capacity::total}),
                            R"js({"TableName":"orders","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"ConsistentRead":true,
      "ProjectionExpression":"#n, total","ExpressionAttributeNames":{"#n":"name"},"ReturnConsumedCapacity":"TOTAL"})js"));
}

TEST(get_item, leaves_out_what_is_not_set) {
  EXPECT_TRUE(serializes_to(serialize(get_item_input{.table_name = "orders", .key = {{"pk", "a"}}}),
                            R"js({"TableName":"orders","Key":{"pk":{"S":"a"}}})js"));
}

TEST(get_item, parses_item_and_consumed_capacity) {
  auto out = parse_output<get_item_output>(R"js({"Item":{"pk":{"S":"a"},"tags":{"SS":["x","y"]}},
      "ConsumedCapacity":{"TableName":"orders","CapacityUnits":0.5,"Table":{"CapacityUnits":0.5},
      "GlobalSecondaryIndexes":{"gsi":{"ReadCapacityUnits":1}},"LocalSecondaryIndexes":{"lsi":{"CapacityUnits":2}}}})js");
  ASSERT_TRUE(out) << out.error();
  ASSERT_TRUE(out->item);
  EXPECT_EQ(out->item->at("pk"), attribute_value("a"));
  EXPECT_EQ(out->item->at("tags"), attribute_value(attribute_value::string_set{"x", "y"}));
  ASSERT_TRUE(out->consumed_capacity);
  EXPECT_EQ(out->consumed_capacity->table_name, "orders");
  EXPECT_EQ(out->consumed_capacity->capacity_units, 0.5);
  EXPECT_EQ(out->consumed_capacity->table->capacity_units, 0.5);
  EXPECT_EQ(out->consumed_capacity->global_secondary_indexes.at("gsi").read_capacity_units, 1.0);
  EXPECT_EQ(out->consumed_capacity->local_secondary_indexes.at("lsi").capacity_units, 2.0);
}

TEST(get_item, an_empty_response_means_no_item) {
  auto out = parse_output<get_item_output>("{}");
  ASSERT_TRUE(out);
  EXPECT_FALSE(out->item);
  EXPECT_FALSE(out->consumed_capacity);
}

TEST(put_item, serializes_every_field) {
  EXPECT_TRUE(serializes_to(
      serialize(put_item_input{.table_name = "orders",
                               .item = {{"pk", "a"}, {"n", number(2)}, {"bin", bytes{1, 2}}},
                               .condition_expression = "attribute_not_exists(pk) OR #v < :v",
                               .expression_attribute_names = {{"#v", "version"}},
                               .expression_attribute_values = {{":v", number(3)}},
                               .return_values = return_values::all_old,
                               .return_values_on_condition_check_failure = return_values_on_condition_check_failure::all_old,
                               .return_consumed_capacity = return_consumed_capacity::indexes,
                               .return_item_collection_metrics = return_item_collection_metrics::size}),
      R"js({"TableName":"orders","Item":{"pk":{"S":"a"},"n":{"N":"2"},"bin":{"B":"AQI="}},
      "ConditionExpression":"attribute_not_exists(pk) OR #v < :v","ExpressionAttributeNames":{"#v":"version"},
      "ExpressionAttributeValues":{":v":{"N":"3"}},"ReturnValues":"ALL_OLD",
      "ReturnValuesOnConditionCheckFailure":"ALL_OLD","ReturnConsumedCapacity":"INDEXES",
      "ReturnItemCollectionMetrics":"SIZE"})js"));
}

TEST(put_item, parses_old_attributes_capacity_and_metrics) {
  auto out = parse_output<put_item_output>(R"js({"Attributes":{"pk":{"S":"a"},"v":{"N":"1"}},
      "ConsumedCapacity":{"TableName":"orders","CapacityUnits":1.0,"WriteCapacityUnits":1.0},
      "ItemCollectionMetrics":{"ItemCollectionKey":{"pk":{"S":"a"}},"SizeEstimateRangeGB":[0.0,1.0]}})js");
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(out->attributes, (item{{"pk", "a"}, {"v", number(1)}}));
  EXPECT_EQ(out->consumed_capacity->write_capacity_units, 1.0);
  EXPECT_EQ(out->item_collection_metrics->item_collection_key, (item{{"pk", "a"}}));
  EXPECT_EQ(out->item_collection_metrics->size_estimate_range_gb, (std::vector<double>{0.0, 1.0}));
}

TEST(update_item, serializes_every_field) {
  EXPECT_TRUE(serializes_to(
      serialize(update_item_input{.table_name = "orders",
                                  .key = {{"pk", "a"}, {"sk", "b"}},
                                  .update_expression = "ADD #c :one",
                                  .condition_expression = "attribute_exists(pk)",
                                  .expression_attribute_names = {{"#c", "count"}},
                                  .expression_attribute_values = {{":one", number(1)}},
                                  .return_values = return_values::updated_new,
                                  .return_values_on_condition_check_failure = return_values_on_condition_check_failure::none,
                                  .return_consumed_capacity = return_consumed_capacity::none,
                                  .return_item_collection_metrics = return_item_collection_metrics::none}),
      R"js({"TableName":"orders","Key":{"pk":{"S":"a"},"sk":{"S":"b"}},"UpdateExpression":"ADD #c :one",
      "ConditionExpression":"attribute_exists(pk)","ExpressionAttributeNames":{"#c":"count"},
      "ExpressionAttributeValues":{":one":{"N":"1"}},"ReturnValues":"UPDATED_NEW",
      "ReturnValuesOnConditionCheckFailure":"NONE","ReturnConsumedCapacity":"NONE",
      "ReturnItemCollectionMetrics":"NONE"})js"));
}

TEST(update_item, accepts_every_return_values_option) {
  for (auto rv : {return_values::none, return_values::all_old, return_values::updated_old, return_values::all_new,
                  return_values::updated_new}) {
    EXPECT_TRUE(serialize(update_item_input{.table_name = "orders", .key = {{"pk", "a"}}, .update_expression = "REMOVE x",
                                            .return_values = rv}));
  }
}

TEST(update_item, parses_the_aws_example_response) {
  auto out = parse_output<update_item_output>(R"js({"Attributes":{"LastPostedBy":{"S":"alice@example.com"}}})js");
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(out->attributes->at("LastPostedBy"), attribute_value("alice@example.com"));
}

TEST(delete_item, serializes_every_field) {
  EXPECT_TRUE(serializes_to(
      serialize(delete_item_input{.table_name = "orders",
                                  .key = {{"pk", "a"}},
                                  .condition_expression = "#s = :s",
                                  .expression_attribute_names = {{"#s", "status"}},
                                  .expression_attribute_values = {{":s", "done"}},
                                  .return_values = return_values::all_old,
                                  .return_values_on_condition_check_failure = return_values_on_condition_check_failure::all_old,
                                  .return_consumed_capacity = return_consumed_capacity::total,
                                  .return_item_collection_metrics = return_item_collection_metrics::size}),
      R"js({"TableName":"orders","Key":{"pk":{"S":"a"}},"ConditionExpression":"#s = :s",
      "ExpressionAttributeNames":{"#s":"status"},"ExpressionAttributeValues":{":s":{"S":"done"}},
      "ReturnValues":"ALL_OLD","ReturnValuesOnConditionCheckFailure":"ALL_OLD","ReturnConsumedCapacity":"TOTAL",
      "ReturnItemCollectionMetrics":"SIZE"})js"));
}

TEST(delete_item, parses_an_empty_response) {
  auto out = parse_output<delete_item_output>("{}");
  ASSERT_TRUE(out);
  EXPECT_FALSE(out->attributes);
}

TEST(item_operations, traits_name_the_wire_operation_and_output) {
  static_assert(operation_traits<get_item_input>::name == "GetItem");
  static_assert(operation_traits<put_item_input>::name == "PutItem");
  static_assert(operation_traits<update_item_input>::name == "UpdateItem");
  static_assert(operation_traits<delete_item_input>::name == "DeleteItem");
  static_assert(std::same_as<operation_traits<get_item_input>::output, get_item_output>);
  static_assert(std::same_as<operation_traits<update_item_input>::output, write_item_output>);
  static_assert(operation_input<delete_item_input>);
  static_assert(!operation_input<get_item_output>);
}

}  // namespace
}  // namespace ddbkit

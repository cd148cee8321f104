// Query and Scan: wire form and pages.
#include <ddbkit/model/serialization.hpp>

#include "model_testing.hpp"

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

using testing::serializes_to;

TEST(query, serializes_every_field) {
  EXPECT_TRUE(serializes_to(serialize(query_input{.table_name = "orders",
                                                  .index_name = "by-date",
                                                  .select = select::specific_attributes,
                                                  .limit = 10,
                                                  .consistent_read = true,
                                                  .key_condition_expression = "pk = :pk AND #d > :d",
                                                  .filter_expression = "v > :v",
                                                  .projection_expression = "pk, #d",
                                                  .expression_attribute_names = {{"#d", "date"}},
                                                  .expression_attribute_values = {{":pk", "a"}, {":d", "2024"}, {":v", number(1)}},
                                                  .scan_index_forward = false,
                                                  .exclusive_start_key = item{{"pk", "a"}, {"sk", number(3)}},
                                                  .return_consumed_capacity = return_consumed_capacity::indexes}),
                            R"js({"TableName":"orders","IndexName":"by-date","Select":"SPECIFIC_ATTRIBUTES","Limit":10,
      "ConsistentRead":true,"KeyConditionExpression":"pk = :pk AND #d > :d","FilterExpression":"v > :v",
      "ProjectionExpression":"pk, #d","ExpressionAttributeNames":{"#d":"date"},
      "ExpressionAttributeValues":{":pk":{"S":"a"},":d":{"S":"2024"},":v":{"N":"1"}},"ScanIndexForward":false,
      "ExclusiveStartKey":{"pk":{"S":"a"},"sk":{"N":"3"}},"ReturnConsumedCapacity":"INDEXES"})js"));
}

TEST(query, leaves_out_defaults) {
  EXPECT_TRUE(serializes_to(serialize(query_input{.table_name = "orders",
                                                  .key_condition_expression = "pk = :pk",
                                                  .expression_attribute_values = {{":pk", "a"}}}),
                            R"js({"TableName":"orders","KeyConditionExpression":"pk = :pk",
      "ExpressionAttributeValues":{":pk":{"S":"a"}}})js"));
}

TEST(query, parses_the_aws_example_response) {
  auto out = parse_output<query_output>(R"js({"ConsumedCapacity":{"CapacityUnits":1,"TableName":"Reply"},"Count":2,
      "Items":[{"ReplyDateTime":{"S":"2015-02-18T20:27:36.165Z"},"Id":{"S":"Amazon DynamoDB#DynamoDB Thread 1"}},
               {"ReplyDateTime":{"S":"2015-02-25T20:27:36.165Z"},"Id":{"S":"Amazon DynamoDB#DynamoDB Thread 1"}}],
      "ScannedCount":2})js");
  ASSERT_TRUE(out) << out.error();
  ASSERT_EQ(out->items.size(), 2u);
  EXPECT_EQ(out->items[1].at("ReplyDateTime"), attribute_value("2015-02-25T20:27:36.165Z"));
  EXPECT_EQ(out->count, 2);
  EXPECT_EQ(out->scanned_count, 2);
  EXPECT_FALSE(out->last_evaluated_key);
  EXPECT_EQ(out->consumed_capacity->table_name, "Reply");
  EXPECT_EQ(out->consumed_capacity->capacity_units, 1.0);
}

TEST(query, a_count_only_page_has_no_items) {
  auto out = parse_output<query_output>(R"js({"Count":7,"ScannedCount":9})js");
  ASSERT_TRUE(out) << out.error();
  EXPECT_TRUE(out->items.empty());
  EXPECT_EQ(out->count, 7);
  EXPECT_EQ(out->scanned_count, 9);
}

TEST(scan, serializes_every_field) {
  EXPECT_TRUE(serializes_to(serialize(scan_input{.table_name = "orders",
                                                 .index_name = "by-date",
                                                 .select = select::all_projected_attributes,
                                                 .limit = 100,
                                                 .consistent_read = true,
                                                 .segment = 3,
                                                 .total_segments = 4,
                                                 .filter_expression = "#v > :v",
                                                 .projection_expression = "pk",
                                                 .expression_attribute_names = {{"#v", "value"}},
                                                 .expression_attribute_values = {{":v", number(1)}},
                                                 .exclusive_start_key = item{{"pk", "z"}},
                                                 .return_consumed_capacity = return_consumed_capacity::total}),
                            R"js({"TableName":"orders","IndexName":"by-date","Select":"ALL_PROJECTED_ATTRIBUTES",
      "Limit":100,"ConsistentRead":true,"Segment":3,"TotalSegments":4,"FilterExpression":"#v > :v",
      "ProjectionExpression":"pk","ExpressionAttributeNames":{"#v":"value"},"ExpressionAttributeValues":{":v":{"N":"1"}},
      "ExclusiveStartKey":{"pk":{"S":"z"}},"ReturnConsumedCapacity":"TOTAL"})js"));
}

TEST(scan, serializes_select_all_and_count) {
  EXPECT_TRUE(serializes_to(serialize(scan_input{.table_name = "orders", .select = select::all_attributes}),
                            R"js({"TableName":"orders","Select":"ALL_ATTRIBUTES"})js"));
  EXPECT_TRUE(serializes_to(serialize(scan_input{.table_name = "orders", .select = select::count}),
                            R"js({"TableName":"orders","Select":"COUNT"})js"));
}

TEST(scan, parses_a_page_with_a_last_evaluated_key) {
  auto out = parse_output<scan_output>(R"js({"Items":[{"pk":{"S":"a"}},{"pk":{"S":"b"}}],"Count":2,"ScannedCount":5,
      "LastEvaluatedKey":{"pk":{"S":"b"}}})js");
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(out->items.size(), 2u);
  EXPECT_EQ(out->count, 2);
  EXPECT_EQ(out->scanned_count, 5);
  EXPECT_EQ(out->last_evaluated_key, (item{{"pk", "b"}}));
}

TEST(query_scan, traits) {
  static_assert(operation_traits<query_input>::name == "Query");
  static_assert(operation_traits<scan_input>::name == "Scan");
  static_assert(std::same_as<operation_traits<scan_input>::output, page_output>);
}

}  // namespace
}  // namespace ddbkit

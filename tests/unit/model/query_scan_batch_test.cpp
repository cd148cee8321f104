#include <ddbkit/model/serialization.hpp>

#include "common/value_generators.hpp"
#include "json_compare.hpp"

#include <ddbkit/value/dynamodb_json.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace ddbkit {
namespace {

using testing::same_json;

TEST(query, serializes_every_field) {
  auto body = serialize(query_input{.table_name = "orders",
                                    .index_name = "by-date",
                                    .select = select::count,
                                    .limit = 10,
                                    .consistent_read = true,
                                    .key_condition_expression = "pk = :pk",
                                    .filter_expression = "v > :v",
                                    .expression_attribute_values = {{":pk", "a"}, {":v", number(1)}},
                                    .scan_index_forward = false,
                                    .exclusive_start_key = item{{"pk", "a"}, {"sk", number(3)}},
                                    .return_consumed_capacity = return_consumed_capacity::total});
  ASSERT_TRUE(body) << body.error();
  EXPECT_TRUE(same_json(*body, R"js({"TableName":"orders","IndexName":"by-date","Select":"COUNT","Limit":10,
      "ConsistentRead":true,"FilterExpression":"v > :v","ExpressionAttributeValues":{":pk":{"S":"a"},":v":{"N":"1"}},
      "ExclusiveStartKey":{"pk":{"S":"a"},"sk":{"N":"3"}},"ReturnConsumedCapacity":"TOTAL",
      "KeyConditionExpression":"pk = :pk","ScanIndexForward":false})js"));
}

TEST(query, needs_a_key_condition_and_a_positive_limit) {
  EXPECT_EQ(serialize(query_input{.table_name = "orders"}).error().field(), "Query.KeyConditionExpression");
  EXPECT_EQ(serialize(query_input{.table_name = "orders", .limit = 0, .key_condition_expression = "pk = :p",
                                  .expression_attribute_values = {{":p", "a"}}})
                .error()
                .field(),
            "Query.Limit");
}

TEST(scan, segments_go_together_and_stay_in_range) {
  EXPECT_FALSE(serialize(scan_input{.table_name = "orders", .segment = 0}));
  EXPECT_FALSE(serialize(scan_input{.table_name = "orders", .segment = 4, .total_segments = 4}));
  EXPECT_FALSE(serialize(scan_input{.table_name = "orders", .segment = 0, .total_segments = 1000001}));
  EXPECT_FALSE(serialize(scan_input{.table_name = "orders", .segment = -1, .total_segments = 2}));
  auto body = serialize(scan_input{.table_name = "orders", .segment = 3, .total_segments = 4});
  ASSERT_TRUE(body);
  EXPECT_TRUE(same_json(*body, R"js({"TableName":"orders","Segment":3,"TotalSegments":4})js"));
}

TEST(page_output, parses_items_counts_and_last_key) {
  auto out = parse_output<scan_output>(R"js({"Items":[{"pk":{"S":"a"}},{"pk":{"S":"b"}}],"Count":2,"ScannedCount":5,
      "LastEvaluatedKey":{"pk":{"S":"b"}}})js");
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(out->items.size(), 2u);
  EXPECT_EQ(out->count, 2);
  EXPECT_EQ(out->scanned_count, 5);
  EXPECT_EQ(out->last_evaluated_key->at("pk"), attribute_value("b"));
}

TEST(batch_write_item, serializes_puts_and_deletes) {
  batch_write_item_input in;
  in.request_items["orders"].push_back(write_request::put({{"pk", "a"}}));
  in.request_items["orders"].push_back(write_request::remove({{"pk", "b"}}));
  auto body = serialize(in);
  ASSERT_TRUE(body) << body.error();
  EXPECT_TRUE(same_json(*body, R"js({"RequestItems":{"orders":[{"PutRequest":{"Item":{"pk":{"S":"a"}}}},
      {"DeleteRequest":{"Key":{"pk":{"S":"b"}}}}]}})js"));
}

TEST(batch_write_item, refuses_more_than_25_requests_across_tables) {
  batch_write_item_input in;
  for (int i = 0; i < 13; ++i) in.request_items["orders"].push_back(write_request::put({{"pk", number(i)}}));
  for (int i = 0; i < 13; ++i) in.request_items["users"].push_back(write_request::put({{"pk", number(i)}}));
  auto body = serialize(in);
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().field(), "BatchWriteItem.RequestItems");
  EXPECT_FALSE(serialize(batch_write_item_input{}));
}

TEST(batch_write_item, refuses_duplicates_naming_the_request) {
  batch_write_item_input in;
  in.request_items["orders"].push_back(write_request::remove({{"pk", "a"}}));
  in.request_items["orders"].push_back(write_request::remove({{"pk", "a"}}));
  auto body = serialize(in);
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().field(), "BatchWriteItem.RequestItems[orders][1]");
}

TEST(batch_write_item, parses_unprocessed_items_of_both_kinds) {
  auto out = parse_output<batch_write_item_output>(R"js({"UnprocessedItems":{"orders":[
      {"PutRequest":{"Item":{"pk":{"S":"a"}}}},{"DeleteRequest":{"Key":{"pk":{"S":"b"}}}}]},
      "ConsumedCapacity":[{"TableName":"orders","CapacityUnits":2}]})js");
  ASSERT_TRUE(out) << out.error();
  const auto& unprocessed = out->unprocessed_items.at("orders");
  ASSERT_EQ(unprocessed.size(), 2u);
  EXPECT_EQ(*unprocessed[0].put_item(), (item{{"pk", "a"}}));
  EXPECT_EQ(*unprocessed[1].delete_key(), (item{{"pk", "b"}}));
  EXPECT_EQ(out->consumed_capacity.size(), 1u);
  EXPECT_FALSE(parse_output<batch_write_item_output>(R"js({"UnprocessedItems":{"orders":[{}]}})js"));
}

TEST(batch_get_item, serializes_and_parses) {
  batch_get_item_input in;
  in.request_items["orders"] = keys_and_attributes{.keys = {{{"pk", "a"}}, {{"pk", "b"}}}, .consistent_read = true};
  auto body = serialize(in);
  ASSERT_TRUE(body);
  EXPECT_TRUE(same_json(*body, R"js({"RequestItems":{"orders":{"Keys":[{"pk":{"S":"a"}},{"pk":{"S":"b"}}],"ConsistentRead":true}}})js"));
  auto out = parse_output<batch_get_item_output>(R"js({"Responses":{"orders":[{"pk":{"S":"a"}}]},
      "UnprocessedKeys":{"orders":{"Keys":[{"pk":{"S":"b"}}],"ConsistentRead":true}}})js");
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(out->responses.at("orders").size(), 1u);
  EXPECT_EQ(out->unprocessed_keys.at("orders").keys.size(), 1u);
  EXPECT_TRUE(out->unprocessed_keys.at("orders").consistent_read);
}

TEST(batch_get_item, refuses_more_than_100_keys_and_duplicates) {
  batch_get_item_input in;
  for (int i = 0; i < 101; ++i) in.request_items["orders"].keys.push_back({{"pk", number(i)}});
  EXPECT_FALSE(serialize(in));
  batch_get_item_input dup;
  dup.request_items["orders"].keys = {{{"pk", "a"}}, {{"pk", "a"}}};
  EXPECT_EQ(serialize(dup).error().field(), "BatchGetItem.RequestItems[orders].Keys[1]");
}

RC_GTEST_PROP(put_item, the_item_on_the_wire_decodes_back_to_the_item, ()) {
  auto i = *testing::gen_item();
  i["pk"] = "key";
  auto body = serialize(put_item_input{.table_name = "orders", .item = i});
  RC_PRE(body.has_value());  // generated items may hold empty sets, refused by design
  const auto wire = boost::json::parse(*body);
  auto back = parse_item(boost::json::serialize(wire.at("Item")));
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == i);
}

}  // namespace
}  // namespace ddbkit

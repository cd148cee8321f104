// BatchGetItem and BatchWriteItem: wire form, responses, and what is refused before sending.
#include <ddbkit/model/serialization.hpp>

#include "model/batch_write_body.hpp"
#include "model_testing.hpp"

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

using testing::refused_at;
using testing::serializes_to;

TEST(batch_write_item, serializes_puts_and_deletes_of_several_tables) {
  batch_write_item_input in{.return_consumed_capacity = return_consumed_capacity::total,
                            .return_item_collection_metrics = return_item_collection_metrics::size};
  in.request_items["orders"].push_back(write_request::put({{"pk", "a"}, {"n", number(1)}}));
  in.request_items["orders"].push_back(write_request::remove({{"pk", "b"}}));
  in.request_items["users"].push_back(write_request::remove({{"id", number(7)}}));
  EXPECT_TRUE(serializes_to(serialize(in), R"js({"RequestItems":{
      "orders":[{"PutRequest":{"Item":{"pk":{"S":"a"},"n":{"N":"1"}}}},{"DeleteRequest":{"Key":{"pk":{"S":"b"}}}}],
      "users":[{"DeleteRequest":{"Key":{"id":{"N":"7"}}}}]},
      "ReturnConsumedCapacity":"TOTAL","ReturnItemCollectionMetrics":"SIZE"})js"));
}

TEST(batch_write_item, a_body_written_from_the_writes_items_is_the_serialized_input) {
  // The batch writer serializes each request straight from the items it refers to.
  const item put{{"pk", "a"}, {"n", *number::parse("1.50")}, {"b", bytes{0, 255}}};
  const item remove{{"pk", "b"}};
  const item other{{"id", number(7)}};
  batch_write_item_input in{.return_consumed_capacity = return_consumed_capacity::total};
  in.request_items["orders"] = {write_request::put(put), write_request::remove(remove)};
  in.request_items["users"] = {write_request::remove(other)};
  // Tables interleaved in the input: each table's writes are grouped, in the order given.
  const std::vector<detail::write_ref> writes{{.table = "orders", .is_put = true, .value = &put},
                                              {.table = "users", .is_put = false, .value = &other},
                                              {.table = "orders", .is_put = false, .value = &remove}};
  EXPECT_TRUE(testing::same_json(detail::batch_write_body(writes, return_consumed_capacity::total), *serialize(in)));
  in.return_consumed_capacity.reset();
  EXPECT_TRUE(testing::same_json(detail::batch_write_body(writes, std::nullopt, 4096), *serialize(in)));
}

TEST(batch_write_item, parses_the_aws_example_response) {
  auto out = parse_output<batch_write_item_output>(R"js({"UnprocessedItems":{"Forum":[
      {"PutRequest":{"Item":{"Name":{"S":"Amazon ElastiCache"},"Category":{"S":"Amazon Web Services"}}}},
      {"DeleteRequest":{"Key":{"Name":{"S":"Amazon S3"}}}}]},
      "ConsumedCapacity":[{"TableName":"Forum","CapacityUnits":3}],
      "ItemCollectionMetrics":{"Forum":[{"ItemCollectionKey":{"Name":{"S":"Amazon RDS"}},"SizeEstimateRangeGB":[0,1]}]}})js");
  ASSERT_TRUE(out) << out.error();
  const auto& unprocessed = out->unprocessed_items.at("Forum");
  ASSERT_EQ(unprocessed.size(), 2u);
  ASSERT_NE(unprocessed[0].put_item(), nullptr);
  EXPECT_EQ(unprocessed[0].put_item()->at("Name"), attribute_value("Amazon ElastiCache"));
  EXPECT_EQ(unprocessed[0].delete_key(), nullptr);
  EXPECT_EQ(*unprocessed[1].delete_key(), (item{{"Name", "Amazon S3"}}));
  ASSERT_EQ(out->consumed_capacity.size(), 1u);
  EXPECT_EQ(out->consumed_capacity[0].capacity_units, 3.0);
  EXPECT_EQ(out->item_collection_metrics.at("Forum").at(0).item_collection_key, (item{{"Name", "Amazon RDS"}}));
}

TEST(batch_write_item, everything_written_means_no_unprocessed_items) {
  auto out = parse_output<batch_write_item_output>(R"js({"UnprocessedItems":{}})js");
  ASSERT_TRUE(out) << out.error();
  EXPECT_TRUE(out->unprocessed_items.empty());
}

TEST(batch_write_item, an_unprocessed_entry_must_be_a_put_or_a_delete) {
  EXPECT_TRUE(testing::undecodable_at(parse_output<batch_write_item_output>(R"js({"UnprocessedItems":{"t":[{}]}})js"),
                                      "UnprocessedItems.t[0]"));
  EXPECT_TRUE(testing::undecodable_at(
      parse_output<batch_write_item_output>(R"js({"UnprocessedItems":{"t":[{"PutRequest":{"Item":{"a":{"X":"1"}}}}]}})js"),
      "UnprocessedItems.t[0].PutRequest.Item.a"));
}

TEST(batch_write_item, refuses_an_empty_batch_and_more_than_25_requests_across_tables) {
  EXPECT_TRUE(refused_at(serialize(batch_write_item_input{}), "BatchWriteItem.RequestItems"));
  batch_write_item_input in;
  for (int i = 0; i < 13; ++i) in.request_items["orders"].push_back(write_request::put({{"pk", number(i)}}));
  for (int i = 0; i < 12; ++i) in.request_items["users"].push_back(write_request::put({{"pk", number(i)}}));
  EXPECT_TRUE(serialize(in));
  in.request_items["users"].push_back(write_request::put({{"pk", number(12)}}));
  EXPECT_TRUE(refused_at(serialize(in), "BatchWriteItem.RequestItems"));
}

TEST(batch_write_item, refuses_a_table_without_requests_and_bad_table_names) {
  batch_write_item_input empty;
  empty.request_items["orders"];
  EXPECT_TRUE(refused_at(serialize(empty), "BatchWriteItem.RequestItems[orders]"));
  batch_write_item_input bad;
  bad.request_items["a b"].push_back(write_request::put({{"pk", "a"}}));
  EXPECT_TRUE(refused_at(serialize(bad), "BatchWriteItem.RequestItems[a b]"));
}

TEST(batch_write_item, refuses_invalid_items_and_keys_naming_the_request) {
  batch_write_item_input put;
  put.request_items["orders"].push_back(write_request::put({{"pk", "a"}}));
  put.request_items["orders"].push_back(write_request::put({{"pk", "b"}, {"tags", attribute_value::number_set{}}}));
  EXPECT_TRUE(refused_at(serialize(put), "BatchWriteItem.RequestItems[orders][1].PutRequest.Item.tags"));
  batch_write_item_input remove;
  remove.request_items["orders"].push_back(write_request::remove({{"pk", attribute_value::list({})}}));
  EXPECT_TRUE(refused_at(serialize(remove), "BatchWriteItem.RequestItems[orders][0].DeleteRequest.Key.pk"));
}

TEST(batch_write_item, refuses_two_deletes_of_one_key) {
  batch_write_item_input in;
  in.request_items["orders"].push_back(write_request::remove({{"pk", "a"}, {"sk", number(1)}}));
  in.request_items["orders"].push_back(write_request::remove({{"pk", "b"}, {"sk", number(1)}}));
  in.request_items["orders"].push_back(write_request::remove({{"pk", "a"}, {"sk", *number::parse("1.0")}}));
  EXPECT_TRUE(refused_at(serialize(in), "BatchWriteItem.RequestItems[orders][2]"));
}

TEST(batch_write_item, refuses_two_puts_of_one_item) {
  batch_write_item_input in;
  in.request_items["orders"].push_back(write_request::put({{"pk", "a"}, {"v", number(1)}}));
  in.request_items["orders"].push_back(write_request::put({{"pk", "a"}, {"v", number(1)}}));
  EXPECT_TRUE(refused_at(serialize(in), "BatchWriteItem.RequestItems[orders][1]"));
}

TEST(batch_write_item, refuses_a_put_and_a_delete_of_one_key) {
  batch_write_item_input in;
  in.request_items["orders"].push_back(write_request::remove({{"pk", "a"}}));
  in.request_items["orders"].push_back(write_request::put({{"pk", "a"}, {"v", number(1)}}));
  EXPECT_TRUE(refused_at(serialize(in), "BatchWriteItem.RequestItems[orders][1]"));
}

TEST(batch_write_item, puts_differing_on_a_known_key_are_distinct_and_equal_on_it_are_not) {
  batch_write_item_input in;
  in.request_items["orders"].push_back(write_request::remove({{"pk", "z"}}));
  in.request_items["orders"].push_back(write_request::put({{"pk", "a"}, {"v", number(1)}}));
  in.request_items["orders"].push_back(write_request::put({{"pk", "b"}, {"v", number(1)}}));
  EXPECT_TRUE(serialize(in));
  in.request_items["orders"].push_back(write_request::put({{"pk", "a"}, {"v", number(2)}}));
  EXPECT_TRUE(refused_at(serialize(in), "BatchWriteItem.RequestItems[orders][3]"));
}

TEST(batch_write_item, the_same_key_in_two_tables_is_no_duplicate) {
  batch_write_item_input in;
  in.request_items["orders"].push_back(write_request::remove({{"pk", "a"}}));
  in.request_items["users"].push_back(write_request::remove({{"pk", "a"}}));
  EXPECT_TRUE(serialize(in));
}

TEST(batch_write_item, refuses_a_request_over_16_mb) {
  batch_write_item_input in;
  for (int i = 0; i < 25; ++i) {
    in.request_items["orders"].push_back(write_request::put({{"pk", number(i)}, {"blob", std::string(390 * 1024, 'x')}}));
  }
  EXPECT_TRUE(serialize(in));  // 25 × 390 KB < 16 MB
  batch_write_item_input big;
  for (int i = 0; i < 25; ++i) {
    // Escaped control characters take 6 bytes on the wire for 1 byte of item size.
    big.request_items["orders"].push_back(write_request::put({{"pk", number(i)}, {"blob", std::string(390 * 1024, '\x01')}}));
  }
  EXPECT_TRUE(refused_at(serialize(big), "BatchWriteItem"));
}

TEST(batch_get_item, serializes_every_field) {
  batch_get_item_input in{.return_consumed_capacity = return_consumed_capacity::total};
  in.request_items["orders"] = keys_and_attributes{.keys = {{{"pk", "a"}}, {{"pk", "b"}}},
                                                   .consistent_read = true,
                                                   .projection_expression = "pk, #n",
                                                   .expression_attribute_names = {{"#n", "name"}}};
  in.request_items["users"] = keys_and_attributes{.keys = {{{"id", number(1)}}}};
  EXPECT_TRUE(serializes_to(serialize(in), R"js({"RequestItems":{
      "orders":{"Keys":[{"pk":{"S":"a"}},{"pk":{"S":"b"}}],"ConsistentRead":true,"ProjectionExpression":"pk, #n",
                "ExpressionAttributeNames":{"#n":"name"}},
      "users":{"Keys":[{"id":{"N":"1"}}]}},"ReturnConsumedCapacity":"TOTAL"})js"));
}

TEST(batch_get_item, parses_the_aws_example_response) {
  auto out = parse_output<batch_get_item_output>(R"js({"Responses":{"Forum":[
      {"Name":{"S":"Amazon DynamoDB"},"Threads":{"N":"5"},"Messages":{"N":"19"},"Views":{"N":"35"}},
      {"Name":{"S":"Amazon RDS"},"Threads":{"N":"8"},"Messages":{"N":"32"},"Views":{"N":"38"}}],
      "Thread":[{"Tags":{"SS":["Reads","MultipleItems"]},"Message":{"S":"How many items can I read?"}}]},
      "UnprocessedKeys":{"Reply":{"Keys":[{"Id":{"S":"x"}}],"ConsistentRead":true,"ProjectionExpression":"#m",
                                  "ExpressionAttributeNames":{"#m":"Message"}}},
      "ConsumedCapacity":[{"TableName":"Forum","CapacityUnits":3},{"TableName":"Thread","CapacityUnits":1}]})js");
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(out->responses.at("Forum").size(), 2u);
  EXPECT_EQ(out->responses.at("Forum")[1].at("Threads"), attribute_value(number(8)));
  EXPECT_EQ(out->responses.at("Thread").size(), 1u);
  const auto& again = out->unprocessed_keys.at("Reply");
  EXPECT_EQ(again.keys, (std::vector<item>{{{"Id", "x"}}}));
  EXPECT_TRUE(again.consistent_read);
  EXPECT_EQ(again.projection_expression, "#m");
  EXPECT_EQ(again.expression_attribute_names, (expression_names{{"#m", "Message"}}));
  EXPECT_EQ(out->consumed_capacity.size(), 2u);
}

TEST(batch_get_item, unprocessed_keys_need_their_keys) {
  EXPECT_TRUE(testing::undecodable_at(parse_output<batch_get_item_output>(R"js({"UnprocessedKeys":{"t":{}}})js"),
                                      "UnprocessedKeys.t.Keys"));
}

TEST(batch_get_item, refuses_no_keys_and_more_than_100_keys_across_tables) {
  EXPECT_TRUE(refused_at(serialize(batch_get_item_input{}), "BatchGetItem.RequestItems"));
  batch_get_item_input in;
  for (int i = 0; i < 60; ++i) in.request_items["orders"].keys.push_back({{"pk", number(i)}});
  for (int i = 0; i < 40; ++i) in.request_items["users"].keys.push_back({{"pk", number(i)}});
  EXPECT_TRUE(serialize(in));
  in.request_items["users"].keys.push_back({{"pk", number(40)}});
  EXPECT_TRUE(refused_at(serialize(in), "BatchGetItem.RequestItems"));
  batch_get_item_input empty;
  empty.request_items["orders"];
  EXPECT_TRUE(refused_at(serialize(empty), "BatchGetItem.RequestItems[orders]"));
}

TEST(batch_get_item, refuses_duplicate_keys_and_bad_parts_naming_them) {
  batch_get_item_input dup;
  dup.request_items["orders"].keys = {{{"pk", "a"}}, {{"pk", "b"}}, {{"pk", "a"}}};
  EXPECT_TRUE(refused_at(serialize(dup), "BatchGetItem.RequestItems[orders].Keys[2]"));
  batch_get_item_input key;
  key.request_items["orders"].keys = {{{"pk", "a"}}, {{"pk", ""}}};
  EXPECT_TRUE(refused_at(serialize(key), "BatchGetItem.RequestItems[orders].Keys[1].pk"));
  batch_get_item_input names;
  names.request_items["orders"] = {.keys = {{{"pk", "a"}}}, .expression_attribute_names = {{"n", "name"}}};
  EXPECT_TRUE(refused_at(serialize(names), "BatchGetItem.RequestItems[orders].ExpressionAttributeNames[n]"));
  batch_get_item_input projection;
  projection.request_items["orders"] = {.keys = {{{"pk", "a"}}}, .projection_expression = std::string(4097, 'p')};
  EXPECT_TRUE(refused_at(serialize(projection), "BatchGetItem.RequestItems[orders].ProjectionExpression"));
}

TEST(batch_operations, traits) {
  static_assert(operation_traits<batch_get_item_input>::name == "BatchGetItem");
  static_assert(operation_traits<batch_write_item_input>::name == "BatchWriteItem");
  static_assert(std::same_as<operation_traits<batch_write_item_input>::output, batch_write_item_output>);
}

}  // namespace
}  // namespace ddbkit

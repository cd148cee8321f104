// Partial batches: what is forwarded plus what is held back is exactly the original batch,
// and the held-back part reaches the response in DynamoDB's shapes.
#include "testkit/batch_split.hpp"

#include "unit/model/model_testing.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

namespace ddbkit::testkit {
namespace {

namespace json = boost::json;
using detail::merge_unprocessed;
using detail::split_batch;
using testing::same_json;

/// "table|unit" for every unit (write request or key) of a RequestItems-shaped object.
std::vector<std::string> units_of(std::string_view operation, const json::object& request_items) {
  std::vector<std::string> out;
  for (const auto& [table, entry] : request_items) {
    const json::array& units =
        operation == "BatchWriteItem" ? entry.as_array() : entry.as_object().at("Keys").as_array();
    for (const auto& u : units) out.push_back(std::string(table) + "|" + json::serialize(u));
  }
  return out;
}

std::string write_batch(const std::vector<int>& per_table) {
  json::object items;
  int id = 0;
  for (std::size_t t = 0; t < per_table.size(); ++t) {
    json::array writes;
    for (int i = 0; i < per_table[t]; ++i, ++id) {
      if (id % 3 == 2) {
        writes.push_back(json::parse(R"({"DeleteRequest":{"Key":{"pk":{"S":"k)" + std::to_string(id) + R"("}}}})"));
      } else {
        writes.push_back(json::parse(R"({"PutRequest":{"Item":{"pk":{"S":"k)" + std::to_string(id) +
                                     R"("},"n":{"N":"1"}}}})"));
      }
    }
    items["table-" + std::to_string(t)] = std::move(writes);
  }
  return json::serialize(json::object{{"RequestItems", std::move(items)}, {"ReturnConsumedCapacity", "TOTAL"}});
}

std::string get_batch(const std::vector<int>& per_table) {
  json::object items;
  int id = 0;
  for (std::size_t t = 0; t < per_table.size(); ++t) {
    json::array keys;
    for (int i = 0; i < per_table[t]; ++i, ++id) keys.push_back(json::parse(R"({"pk":{"S":"k)" + std::to_string(id) + R"("}})"));
    items["table-" + std::to_string(t)] =
        json::object{{"Keys", std::move(keys)}, {"ConsistentRead", true}, {"ProjectionExpression", "pk, #n"},
                     {"ExpressionAttributeNames", json::object{{"#n", "n"}}}};
  }
  return json::serialize(json::object{{"RequestItems", std::move(items)}});
}

void check_split_keeps_every_unit(std::string_view operation, const std::string& body, double share) {
  auto split = split_batch(operation, body, share);
  RC_ASSERT(split.has_value());
  const auto original = units_of(operation, json::parse(body).at("RequestItems").as_object());
  const std::size_t n = original.size();
  const auto expected_forwarded = std::clamp<std::size_t>(
      static_cast<std::size_t>(std::floor(static_cast<double>(n) * std::clamp(share, 0.0, 1.0))), 1, n - 1);
  RC_ASSERT(split->forwarded == expected_forwarded);
  RC_ASSERT(split->held_back == n - expected_forwarded);

  const auto forwarded_request = json::parse(split->forwarded_body).as_object();
  const auto forwarded = units_of(operation, forwarded_request.at("RequestItems").as_object());
  // Everything but RequestItems goes along unchanged.
  auto rest_of = [](json::object o) {
    o.erase("RequestItems");
    return o;
  };
  RC_ASSERT(rest_of(forwarded_request) == rest_of(json::parse(body).as_object()));
  const auto held = units_of(operation, split->unprocessed);
  RC_ASSERT(forwarded.size() == split->forwarded);
  RC_ASSERT(held.size() == split->held_back);
  // In order: the forwarded part is a prefix, the held-back part the rest.
  std::vector<std::string> joined = forwarded;
  joined.insert(joined.end(), held.begin(), held.end());
  RC_ASSERT(joined == original);
}

RC_GTEST_PROP(batch_split, write_batches_lose_and_duplicate_nothing, ()) {
  const auto per_table = *rc::gen::container<std::vector<int>>(*rc::gen::inRange(1, 4), rc::gen::inRange(0, 26));
  RC_PRE(std::accumulate(per_table.begin(), per_table.end(), 0) >= 2);  // one is not cut
  const double share = *rc::gen::inRange(0, 101) / 100.0;
  check_split_keeps_every_unit("BatchWriteItem", write_batch(per_table), share);
}

RC_GTEST_PROP(batch_split, get_batches_lose_and_duplicate_nothing, ()) {
  const auto per_table = *rc::gen::container<std::vector<int>>(*rc::gen::inRange(1, 4), rc::gen::inRange(0, 40));
  RC_PRE(std::accumulate(per_table.begin(), per_table.end(), 0) >= 2);  // one is not cut
  const double share = *rc::gen::inRange(0, 101) / 100.0;
  check_split_keeps_every_unit("BatchGetItem", get_batch(per_table), share);
}

TEST(batch_split, held_back_keys_keep_their_tables_read_settings) {
  auto split = split_batch("BatchGetItem", get_batch({4}), 0.5);
  ASSERT_TRUE(split);
  EXPECT_TRUE(same_json(json::serialize(split->unprocessed),
                        R"({"table-0":{"Keys":[{"pk":{"S":"k2"}},{"pk":{"S":"k3"}}],"ConsistentRead":true,
                            "ProjectionExpression":"pk, #n","ExpressionAttributeNames":{"#n":"n"}}})"));
}

TEST(batch_split, a_batch_of_one_is_not_cut_and_every_cut_forwards_one_and_holds_one_back) {
  // DynamoDB answers a batch only when it processed part of it.
  EXPECT_FALSE(split_batch("BatchWriteItem", write_batch({1}), 0.5));
  EXPECT_FALSE(split_batch("BatchGetItem", get_batch({0, 1}), 0.5));
  for (const double share : {0.0, 1.0}) {
    auto split = split_batch("BatchGetItem", get_batch({2, 1}), share);
    ASSERT_TRUE(split);
    EXPECT_EQ(split->forwarded, share == 0.0 ? 1u : 2u);
    EXPECT_EQ(split->held_back, share == 0.0 ? 2u : 1u);
  }
}

TEST(batch_split, refuses_what_is_not_a_batch) {
  EXPECT_FALSE(split_batch("BatchWriteItem", "not json", 0.5));
  EXPECT_FALSE(split_batch("BatchWriteItem", R"({"TableName":"t"})", 0.5));
  EXPECT_FALSE(split_batch("BatchWriteItem", R"({"RequestItems":{}})", 0.5));
  EXPECT_FALSE(split_batch("BatchWriteItem", R"({"RequestItems":{"t":{"Keys":[]}}})", 0.5));
  EXPECT_FALSE(split_batch("BatchGetItem", R"({"RequestItems":{"t":[]}})", 0.5));
}

TEST(merge_unprocessed, adds_the_held_back_writes_to_the_upstreams_own) {
  auto split = split_batch("BatchWriteItem", write_batch({2, 2}), 0.5);  // forwards table-0's two
  ASSERT_TRUE(split);
  const std::string upstream =
      R"({"UnprocessedItems":{"table-0":[{"PutRequest":{"Item":{"pk":{"S":"k1"},"n":{"N":"1"}}}}]},)"
      R"("ConsumedCapacity":[{"TableName":"table-0","CapacityUnits":1.0}]})";
  auto merged = merge_unprocessed("BatchWriteItem", upstream, *split);
  ASSERT_TRUE(merged) << merged.error();
  EXPECT_TRUE(same_json(*merged, R"({"UnprocessedItems":{
      "table-0":[{"PutRequest":{"Item":{"pk":{"S":"k1"},"n":{"N":"1"}}}}],
      "table-1":[{"DeleteRequest":{"Key":{"pk":{"S":"k2"}}}},{"PutRequest":{"Item":{"pk":{"S":"k3"},"n":{"N":"1"}}}}]},
      "ConsumedCapacity":[{"TableName":"table-0","CapacityUnits":1.0}]})"));
}

TEST(merge_unprocessed, appends_held_back_keys_to_a_table_the_upstream_also_left_unprocessed) {
  auto split = split_batch("BatchGetItem", get_batch({3}), 0.4);  // forwards k0
  ASSERT_TRUE(split);
  const std::string upstream =
      R"({"Responses":{},"UnprocessedKeys":{"table-0":{"Keys":[{"pk":{"S":"k0"}}],"ConsistentRead":true}}})";
  auto merged = merge_unprocessed("BatchGetItem", upstream, *split);
  ASSERT_TRUE(merged) << merged.error();
  EXPECT_TRUE(same_json(*merged, R"({"Responses":{"table-0":[]},"UnprocessedKeys":{"table-0":{
      "Keys":[{"pk":{"S":"k0"}},{"pk":{"S":"k1"}},{"pk":{"S":"k2"}}],"ConsistentRead":true}}})"));
}

TEST(merge_unprocessed, builds_dynamodbs_shapes_into_an_upstream_answer_without_them) {
  auto write = split_batch("BatchWriteItem", write_batch({2}), 0.5);
  auto get = split_batch("BatchGetItem", get_batch({2}), 0.5);
  ASSERT_TRUE(write && get);
  auto write_answer = merge_unprocessed("BatchWriteItem", "{}", *write);
  auto get_answer = merge_unprocessed("BatchGetItem", "{}", *get);
  ASSERT_TRUE(write_answer && get_answer);
  EXPECT_TRUE(same_json(
      *write_answer, R"({"UnprocessedItems":{"table-0":[{"PutRequest":{"Item":{"pk":{"S":"k1"},"n":{"N":"1"}}}}]}})"));
  EXPECT_TRUE(same_json(*get_answer, R"({"UnprocessedKeys":{"table-0":{"Keys":[{"pk":{"S":"k1"}}],"ConsistentRead":true,
      "ProjectionExpression":"pk, #n","ExpressionAttributeNames":{"#n":"n"}}},"Responses":{"table-0":[]}})"));
}

TEST(merge_unprocessed, refuses_an_upstream_body_that_is_not_an_object) {
  auto split = split_batch("BatchWriteItem", write_batch({2}), 0.5);
  ASSERT_TRUE(split);
  EXPECT_FALSE(merge_unprocessed("BatchWriteItem", "[]", *split));
  EXPECT_FALSE(merge_unprocessed("BatchWriteItem", "", *split));
}

}  // namespace
}  // namespace ddbkit::testkit

// Response bodies that are broken, hostile or from a newer DynamoDB; and wire round trips.
#include <ddbkit/model/serialization.hpp>
#include <ddbkit/value/dynamodb_json.hpp>

#include "common/value_generators.hpp"
#include "model_testing.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace ddbkit {
namespace {

using testing::undecodable_at;

TEST(responses, wrong_member_types_are_serialization_errors_naming_the_member) {
  EXPECT_TRUE(undecodable_at(parse_output<query_output>(R"js({"Count":"x","ScannedCount":1})js"), "Count"));
  EXPECT_TRUE(undecodable_at(parse_output<query_output>(R"js({"Count":1.5,"ScannedCount":1})js"), "Count"));
  EXPECT_TRUE(undecodable_at(parse_output<query_output>(R"js({"Count":1,"ScannedCount":1,"Items":{}})js"), "Items"));
  EXPECT_TRUE(undecodable_at(parse_output<query_output>(R"js({"Count":1,"ScannedCount":1,"Items":[{"a":{"N":"x"}}]})js"),
                             "Items[0].a"));
  EXPECT_TRUE(undecodable_at(parse_output<get_item_output>(R"js({"ConsumedCapacity":{"CapacityUnits":"lots"}})js"),
                             "ConsumedCapacity.CapacityUnits"));
  EXPECT_TRUE(undecodable_at(parse_output<get_item_output>(R"js({"ConsumedCapacity":{"GlobalSecondaryIndexes":{"g":{"CapacityUnits":true}}}})js"),
                             "ConsumedCapacity.GlobalSecondaryIndexes.g.CapacityUnits"));
  EXPECT_TRUE(undecodable_at(parse_output<get_item_output>(R"js({"Item":"this is not a map"})js"), "Item"));
  EXPECT_TRUE(undecodable_at(parse_output<batch_get_item_output>(R"js({"Responses":{"t":{}}})js"), "Responses.t"));
  EXPECT_TRUE(undecodable_at(parse_output<list_tables_output>(R"js({"TableNames":"a"})js"), "TableNames"));
  EXPECT_TRUE(undecodable_at(parse_output<describe_time_to_live_output>(R"js({"TimeToLiveDescription":{"TimeToLiveStatus":"ON"}})js"),
                             "TimeToLiveDescription.TimeToLiveStatus"));
  EXPECT_TRUE(undecodable_at(parse_output<write_item_output>(R"js({"ItemCollectionMetrics":{"SizeEstimateRangeGB":["1"]}})js"),
                             "ItemCollectionMetrics.SizeEstimateRangeGB"));
}

TEST(responses, a_refused_value_deep_in_an_item_is_named_by_its_whole_path) {
  const auto nested = R"js({"Item":{"a":{"L":[{"S":"x"},{"M":{"b":{"N":"nope"}}}]}}})js";
  EXPECT_TRUE(undecodable_at(parse_output<get_item_output>(nested), "Item.a[1].b"));
  EXPECT_TRUE(undecodable_at(parse_output<get_item_output>(R"js({"Item":{"ok":{"S":"x"},"a":{"L":[{"SS":[1]}]}}})js"),
                             "Item.a[0]"));
  // An empty name (DynamoDB sends none; a hostile answer may) is still a member, not an index.
  EXPECT_TRUE(undecodable_at(parse_output<get_item_output>(R"js({"Item":{"":{"Q":"1"}}})js"), "Item.: "));
  // The path of a refused value does not keep the names of the values decoded before it.
  const auto r = parse_output<get_item_output>(R"js({"Item":{"first":{"S":"x"},"second":{"Q":"1"}}})js");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("Item.second:"), std::string::npos) << r.error().message();
  EXPECT_EQ(r.error().message().find("first"), std::string::npos) << r.error().message();
}

TEST(responses, pages_need_their_counts) {
  EXPECT_TRUE(undecodable_at(parse_output<query_output>(R"js({"Items":[]})js"), "Count"));
  EXPECT_TRUE(undecodable_at(parse_output<scan_output>(R"js({"Items":[],"Count":0})js"), "ScannedCount"));
}

TEST(responses, counts_outside_int_are_refused) {
  EXPECT_TRUE(undecodable_at(parse_output<query_output>(R"js({"Count":3000000000,"ScannedCount":1})js"), "Count"));
}

TEST(responses, truncated_or_non_json_bodies_are_serialization_errors) {
  for (const char* body : {"", "{", R"js({"Item":{"pk":{"S":"a"})js", "<html>oops</html>", "[]", "null", "42", "{} {}"}) {
    auto out = parse_output<get_item_output>(body);
    ASSERT_FALSE(out) << body;
    EXPECT_EQ(out.error().code(), error_code::serialization) << body;
  }
}

TEST(responses, unknown_members_and_nulls_are_ignored) {
  auto out = parse_output<get_item_output>(R"js({"Item":{"pk":{"S":"a"}},"SomethingNew":{"x":[1,2]},"ConsumedCapacity":null})js");
  ASSERT_TRUE(out) << out.error();
  EXPECT_FALSE(out->consumed_capacity);
}

TEST(responses, deep_but_legal_items_decode) {
  std::string value = R"js({"S":"leaf"})js";
  for (int i = 0; i < 31; ++i) value = R"js({"L":[)js" + value + "]}";
  auto out = parse_output<get_item_output>(R"js({"Item":{"deep":)js" + value + "}}");
  ASSERT_TRUE(out) << out.error();
}

TEST(responses, absurdly_deep_json_is_refused_not_overflowed) {
  const std::string body = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_FALSE(parse_output<get_item_output>(body));
  EXPECT_EQ(parse_error_response(400, body).code(), error_code::unknown);
}

/// Realistic bodies of every output, to cut and corrupt.
const std::vector<std::string>& sample_bodies() {
  static const std::vector<std::string> bodies{
      R"js({"Items":[{"pk":{"S":"a"},"n":{"N":"1"},"l":{"L":[{"B":"AQ=="},{"NULL":true}]},"m":{"M":{"x":{"BOOL":false}}}}],
           "Count":1,"ScannedCount":1,"LastEvaluatedKey":{"pk":{"S":"a"}},"ConsumedCapacity":{"TableName":"t","CapacityUnits":0.5}})js",
      R"js({"UnprocessedItems":{"t":[{"PutRequest":{"Item":{"pk":{"S":"a"},"s":{"SS":["x","y"]}}}},
           {"DeleteRequest":{"Key":{"pk":{"N":"1"}}}}]},"ConsumedCapacity":[{"TableName":"t","CapacityUnits":2}]})js",
      R"js({"Table":{"TableName":"t","TableStatus":"ACTIVE","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
           "GlobalSecondaryIndexes":[{"IndexName":"g","Projection":{"ProjectionType":"ALL"},"IndexStatus":"ACTIVE"}]}})js",
      R"js({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","Message":"m [None]",
           "CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed","Item":{"pk":{"S":"a"}}}]})js",
      R"js({"Responses":[{"TableName":"t","Item":{"pk":{"S":"a"}}},{"TableName":"t","Error":{"Code":"ConditionalCheckFailed",
           "Message":"m","Item":{"pk":{"S":"b"},"n":{"NS":["1","2"]}}}}],"ConsumedCapacity":[{"TableName":"t","CapacityUnits":1}]})js",
      R"js({"AccountMaxReadCapacityUnits":80000,"AccountMaxWriteCapacityUnits":80000,"TableMaxReadCapacityUnits":40000,
           "TableMaxWriteCapacityUnits":40000})js"};
  return bodies;
}

template <class Output>
void parse_must_not_crash(std::string_view body) {
  const auto out = parse_output<Output>(body);
  RC_ASSERT(out.has_value() || out.error().code() == error_code::serialization);
}

void every_parser_survives(std::string_view body, int status) {
  parse_must_not_crash<table_output>(body);
  parse_must_not_crash<list_tables_output>(body);
  parse_must_not_crash<update_time_to_live_output>(body);
  parse_must_not_crash<describe_time_to_live_output>(body);
  parse_must_not_crash<get_item_output>(body);
  parse_must_not_crash<write_item_output>(body);
  parse_must_not_crash<page_output>(body);
  parse_must_not_crash<batch_get_item_output>(body);
  parse_must_not_crash<batch_write_item_output>(body);
  parse_must_not_crash<transact_get_items_output>(body);
  parse_must_not_crash<transact_write_items_output>(body);
  parse_must_not_crash<execute_statement_output>(body);
  parse_must_not_crash<batch_execute_statement_output>(body);
  parse_must_not_crash<execute_transaction_output>(body);
  parse_must_not_crash<describe_limits_output>(body);
  const error e = parse_error_response(status, body);
  RC_ASSERT(e.http_status() == status);
}

RC_GTEST_PROP(responses, arbitrary_bodies_never_crash_the_parsers, (const std::string& body, int status)) {
  every_parser_survives(body, status);
}

RC_GTEST_PROP(responses, truncations_of_real_bodies_never_crash, (unsigned which, unsigned cut)) {
  const std::string& body = sample_bodies()[which % sample_bodies().size()];
  every_parser_survives(std::string_view(body).substr(0, cut % (body.size() + 1)), 400);
}

RC_GTEST_PROP(responses, corrupted_real_bodies_never_crash, (unsigned which, unsigned at, char replacement)) {
  std::string body = sample_bodies()[which % sample_bodies().size()];
  body[at % body.size()] = replacement;
  every_parser_survives(body, 500);
}

RC_GTEST_PROP(put_item, the_item_on_the_wire_decodes_back_to_the_item, ()) {
  auto i = *testing::gen_item();
  i["pk"] = "key";
  auto body = serialize(put_item_input{.table_name = "orders", .item = i});
  RC_PRE(body.has_value());  // a random item may exceed DynamoDB's limits, refused by design
  const auto wire = boost::json::parse(*body);
  auto back = parse_item(boost::json::serialize(wire.at("Item")));
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == i);
}

RC_GTEST_PROP(get_item, a_returned_item_decodes_to_the_item_sent, ()) {
  const auto i = *testing::gen_item();
  auto out = parse_output<get_item_output>(R"js({"Item":)js" + to_dynamodb_json(i) + "}");
  RC_ASSERT(out.has_value());
  RC_ASSERT(out->item == i);
}

}  // namespace
}  // namespace ddbkit

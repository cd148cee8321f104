// DESIGN.md's limits, refused before anything is sent, each naming the field at fault.
#include <ddbkit/model/serialization.hpp>

#include "model_testing.hpp"

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

using testing::refused_at;

get_item_input get(std::string table = "orders") { return {.table_name = std::move(table), .key = {{"pk", "a"}}}; }

TEST(validation, table_names_are_3_to_255_characters_of_a_z_0_9_dot_dash_underscore) {
  for (const char* bad : {"", "ab", "has space", "slash/name", "colon:", "ünïcode"}) {
    EXPECT_TRUE(refused_at(serialize(get(bad)), "GetItem.TableName")) << bad;
  }
  EXPECT_TRUE(refused_at(serialize(get(std::string(256, 'a'))), "GetItem.TableName"));
  EXPECT_TRUE(serialize(get(std::string(255, 'a'))));
  EXPECT_TRUE(serialize(get("a.b-c_9")));
  EXPECT_TRUE(serialize(get("ABC")));
}

TEST(validation, index_names_follow_the_same_rules) {
  EXPECT_TRUE(refused_at(serialize(query_input{.table_name = "orders", .index_name = "by date", .key_condition_expression = "pk = :p",
                                               .expression_attribute_values = {{":p", "a"}}}),
                         "Query.IndexName"));
  EXPECT_TRUE(refused_at(serialize(scan_input{.table_name = "orders", .index_name = "ix"}), "Scan.IndexName"));
}

TEST(validation, items_are_checked_with_the_value_layer_limits) {
  EXPECT_TRUE(refused_at(serialize(put_item_input{.table_name = "orders", .item = {{"pk", "a"}, {"blob", std::string(401 * 1024, 'x')}}}),
                         "PutItem.Item"));
  EXPECT_TRUE(refused_at(serialize(put_item_input{.table_name = "orders", .item = {{"pk", "a"}, {"price", attribute_value::number_set{}}}}),
                         "PutItem.Item.price"));
  EXPECT_TRUE(refused_at(serialize(put_item_input{.table_name = "orders", .item = {}}), "PutItem.Item"));
  attribute_value deep = "leaf";
  for (int i = 0; i < 33; ++i) deep = attribute_value::list({deep});
  EXPECT_FALSE(serialize(put_item_input{.table_name = "orders", .item = {{"pk", "a"}, {"deep", deep}}}));
}

TEST(validation, keys_are_one_or_two_non_empty_scalars_of_at_most_2048_bytes) {
  EXPECT_TRUE(refused_at(serialize(get_item_input{.table_name = "orders", .key = {}}), "GetItem.Key"));
  EXPECT_TRUE(refused_at(serialize(get_item_input{.table_name = "orders", .key = {{"a", "1"}, {"b", "2"}, {"c", "3"}}}), "GetItem.Key"));
  EXPECT_TRUE(refused_at(serialize(get_item_input{.table_name = "orders", .key = {{"pk", true}}}), "GetItem.Key.pk"));
  EXPECT_TRUE(refused_at(serialize(delete_item_input{.table_name = "orders", .key = {{"pk", ""}}}), "DeleteItem.Key.pk"));
  EXPECT_TRUE(refused_at(serialize(update_item_input{.table_name = "orders", .key = {{"pk", bytes{}}}}), "UpdateItem.Key.pk"));
  EXPECT_TRUE(refused_at(serialize(get_item_input{.table_name = "orders", .key = {{"pk", std::string(2049, 'k')}}}), "GetItem.Key.pk"));
  EXPECT_TRUE(serialize(get_item_input{.table_name = "orders", .key = {{"pk", std::string(2048, 'k')}, {"sk", number(1)}}}));
}

TEST(validation, expressions_are_at_most_4_kb_and_not_empty_when_set) {
  const std::string long_expression = "SET a = :v" + std::string(4096, ' ');
  EXPECT_TRUE(refused_at(serialize(update_item_input{.table_name = "orders", .key = {{"pk", "a"}}, .update_expression = long_expression}),
                         "UpdateItem.UpdateExpression"));
  EXPECT_TRUE(refused_at(serialize(put_item_input{.table_name = "orders", .item = {{"pk", "a"}}, .condition_expression = ""}),
                         "PutItem.ConditionExpression"));
  EXPECT_TRUE(refused_at(serialize(get_item_input{.table_name = "orders", .key = {{"pk", "a"}}, .projection_expression = long_expression}),
                         "GetItem.ProjectionExpression"));
  EXPECT_TRUE(refused_at(serialize(scan_input{.table_name = "orders", .filter_expression = long_expression}), "Scan.FilterExpression"));
  EXPECT_TRUE(refused_at(serialize(query_input{.table_name = "orders", .key_condition_expression = long_expression}),
                         "Query.KeyConditionExpression"));
  EXPECT_TRUE(refused_at(serialize(query_input{.table_name = "orders"}), "Query.KeyConditionExpression"));
  EXPECT_TRUE(serialize(update_item_input{.table_name = "orders", .key = {{"pk", "a"}}, .update_expression = std::string(4096, ' ')}));
}

TEST(validation, name_placeholders_start_with_hash_and_name_something) {
  auto with_names = [](expression_names names) {
    return serialize(update_item_input{.table_name = "orders", .key = {{"pk", "a"}}, .update_expression = "REMOVE #n",
                                       .expression_attribute_names = std::move(names)});
  };
  EXPECT_TRUE(refused_at(with_names({{"n", "x"}}), "UpdateItem.ExpressionAttributeNames[n]"));
  EXPECT_TRUE(refused_at(with_names({{"#", "x"}}), "UpdateItem.ExpressionAttributeNames[#]"));
  EXPECT_TRUE(refused_at(with_names({{"#n", ""}}), "UpdateItem.ExpressionAttributeNames[#n]"));
  const std::string long_name = "#" + std::string(255, 'n');
  EXPECT_TRUE(refused_at(with_names({{long_name, "x"}}), "UpdateItem.ExpressionAttributeNames[" + long_name + "]"));
  EXPECT_TRUE(with_names({{"#" + std::string(254, 'n'), "x"}}));
  // The same rule as the expression builders' (value/limits): letters, digits or '_'.
  EXPECT_TRUE(refused_at(with_names({{"#a-b", "x"}}), "UpdateItem.ExpressionAttributeNames[#a-b]"));
}

TEST(validation, value_placeholders_start_with_colon_and_hold_valid_values) {
  auto with_values = [](item values) {
    return serialize(update_item_input{.table_name = "orders", .key = {{"pk", "a"}}, .update_expression = "SET a = :v",
                                       .expression_attribute_values = std::move(values)});
  };
  EXPECT_TRUE(refused_at(with_values({{"v", number(1)}}), "UpdateItem.ExpressionAttributeValues[v]"));
  EXPECT_TRUE(refused_at(with_values({{":v", attribute_value::string_set{}}}), "UpdateItem.ExpressionAttributeValues[:v]"));
  EXPECT_TRUE(refused_at(with_values({{":v", item{{"", "x"}}}}), "UpdateItem.ExpressionAttributeValues[:v]"));
  EXPECT_FALSE(with_values({{":" + std::string(255, 'v'), number(1)}}));
  EXPECT_TRUE(with_values({{":" + std::string(254, 'v'), number(1)}}));
}

TEST(validation, limit_is_at_least_1) {
  EXPECT_TRUE(refused_at(serialize(scan_input{.table_name = "orders", .limit = 0}), "Scan.Limit"));
  EXPECT_TRUE(refused_at(serialize(query_input{.table_name = "orders", .limit = -5, .key_condition_expression = "pk = :p",
                                               .expression_attribute_values = {{":p", "a"}}}),
                         "Query.Limit"));
  EXPECT_TRUE(serialize(scan_input{.table_name = "orders", .limit = 1}));
}

TEST(validation, parallel_scan_segments_go_together_and_stay_in_range) {
  EXPECT_TRUE(refused_at(serialize(scan_input{.table_name = "orders", .segment = 0}), "Scan.Segment"));
  EXPECT_TRUE(refused_at(serialize(scan_input{.table_name = "orders", .total_segments = 2}), "Scan.Segment"));
  EXPECT_TRUE(refused_at(serialize(scan_input{.table_name = "orders", .segment = 4, .total_segments = 4}), "Scan.Segment"));
  EXPECT_TRUE(refused_at(serialize(scan_input{.table_name = "orders", .segment = -1, .total_segments = 2}), "Scan.Segment"));
  EXPECT_TRUE(refused_at(serialize(scan_input{.table_name = "orders", .segment = 0, .total_segments = 0}), "Scan.TotalSegments"));
  EXPECT_TRUE(refused_at(serialize(scan_input{.table_name = "orders", .segment = 0, .total_segments = 1000001}), "Scan.TotalSegments"));
  EXPECT_TRUE(serialize(scan_input{.table_name = "orders", .segment = 999999, .total_segments = 1000000}));
  EXPECT_TRUE(serialize(scan_input{.table_name = "orders", .segment = 0, .total_segments = 1}));
}

TEST(validation, start_keys_hold_valid_values) {
  EXPECT_TRUE(refused_at(serialize(scan_input{.table_name = "orders", .exclusive_start_key = item{}}), "Scan.ExclusiveStartKey"));
  EXPECT_TRUE(refused_at(serialize(scan_input{.table_name = "orders", .exclusive_start_key = item{{"pk", attribute_value::binary_set{}}}}),
                         "Scan.ExclusiveStartKey.pk"));
  // An index's start key holds the table's key and the index's: four attributes are fine.
  EXPECT_TRUE(serialize(scan_input{.table_name = "orders", .exclusive_start_key = item{{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}}}));
}

TEST(validation, return_values_of_put_and_delete_are_none_or_all_old) {
  EXPECT_TRUE(refused_at(serialize(put_item_input{.table_name = "orders", .item = {{"pk", "a"}}, .return_values = return_values::all_new}),
                         "PutItem.ReturnValues"));
  EXPECT_TRUE(refused_at(serialize(delete_item_input{.table_name = "orders", .key = {{"pk", "a"}}, .return_values = return_values::updated_old}),
                         "DeleteItem.ReturnValues"));
}

}  // namespace
}  // namespace ddbkit

// The requests a table sends: one placeholder table for all of a request's expressions,
// keys checked against the schema, reads DynamoDB cannot serve refused before sending.
#include <ddbkit/table/table_requests.hpp>

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

using namespace expr;

const table_ref orders{.name = "orders",
                       .schema = {.keys = {.partition = "pk", .sort = "sk"},
                                  .indexes = {{.name = "by-state", .keys = {.partition = "state", .sort = std::nullopt}, .global = true},
                                              {.name = "by-total", .keys = {.partition = "pk", .sort = "total"}, .global = false}}}};

TEST(table_requests, a_query_renders_key_condition_filter_and_projection_into_one_table) {
  query_request r{.key_condition = expr::key("pk") == "u#1" && expr::key("sk") > number(10),
                  .index = {},
                  .filter = path("status") == "open" && path("pk").exists(),
                  .projection = {path("pk"), path("status")},
                  .consistent_read = true,
                  .descending = true,
                  .page_size = 25,
                  .count_only = false};
  auto in = make_query(orders, r, item{{"pk", "u#1"}, {"sk", number(11)}});
  ASSERT_TRUE(in) << in.error();
  EXPECT_EQ(in->table_name, "orders");
  EXPECT_TRUE(in->consistent_read);
  EXPECT_FALSE(in->scan_index_forward);
  EXPECT_EQ(in->limit, 25);
  ASSERT_TRUE(in->exclusive_start_key);
  // "pk" appears in the key condition, the filter and the projection: one placeholder.
  std::size_t pk_placeholders = 0;
  for (const auto& [placeholder, name] : in->expression_attribute_names) pk_placeholders += name == "pk";
  EXPECT_EQ(pk_placeholders, 1u);
  EXPECT_EQ(in->expression_attribute_values.size(), 3u);
  EXPECT_TRUE(in->filter_expression);
  EXPECT_TRUE(in->projection_expression);
}

TEST(table_requests, a_consistent_read_on_a_global_index_is_refused_before_sending) {
  query_request r{.key_condition = expr::key("state") == "open", .index = "by-state", .consistent_read = true};
  auto refused = make_query(orders, r, std::nullopt);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), error_code::validation);
  EXPECT_EQ(refused.error().field(), "Query.ConsistentRead");
  r.index = "by-total";  // a local index can
  r.key_condition = expr::key("pk") == "u#1";
  EXPECT_TRUE(make_query(orders, r, std::nullopt));
  r.index = "nope";
  EXPECT_EQ(make_query(orders, r, std::nullopt).error().field(), "Query.IndexName");
  EXPECT_EQ(make_scan(orders, {.index = "by-state", .consistent_read = true}, std::nullopt).error().field(),
            "Scan.ConsistentRead");
}

TEST(table_requests, writes_check_the_key_and_carry_condition_and_old_item) {
  write_options guarded{.condition = attribute_not_exists(path("pk")), .old_item_on_condition_failure = true};
  auto put = make_put(orders, {{"pk", "a"}, {"sk", number(1)}, {"v", "x"}}, guarded);
  ASSERT_TRUE(put) << put.error();
  EXPECT_TRUE(put->condition_expression);
  EXPECT_EQ(put->return_values_on_condition_check_failure, return_values_on_condition_check_failure::all_old);
  EXPECT_EQ(put->expression_attribute_names.size(), 1u);
  auto keyless = make_put(orders, {{"pk", "a"}, {"v", "x"}}, {});
  ASSERT_FALSE(keyless);
  EXPECT_EQ(keyless.error().field(), "Key.sk");

  auto change = update{}.set(path("v"), "y").add(path("n"), number(1));
  auto up = make_update(orders, {.partition = "a", .sort = number(1)}, change,
                        {.condition = path("v") == "x", .returns = returned::new_item});
  ASSERT_TRUE(up) << up.error();
  EXPECT_EQ(up->key, (item{{"pk", "a"}, {"sk", number(1)}}));
  EXPECT_EQ(up->return_values, return_values::all_new);
  EXPECT_EQ(up->expression_attribute_values.size(), 3u);  // "y", 1, "x": no clash between update and condition
  auto gone = make_delete(orders, {.partition = "a", .sort = std::nullopt}, {});
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().field(), "Key.sk");
}

}  // namespace
}  // namespace ddbkit

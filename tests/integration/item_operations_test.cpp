// GetItem, PutItem, UpdateItem, DeleteItem against DynamoDB Local.
#include "integration/fixture.hpp"

namespace ddbkit::testing {
namespace {

using item_operations = local_table_test;

item every_type(std::string pk) {
  return item{
      {"pk", std::move(pk)},
      {"sk", number(1)},
      {"s", "héllo \"wörld\"\n"},
      {"n", *number::parse("-12345.678901234567890123456789")},
      {"b", bytes{0, 1, 2, 0xfe, 0xff}},
      {"t", true},
      {"z", null_value{}},
      {"l", attribute_value::list({"x", number(1), attribute_value::list({}), item{}})},
      {"m", item{{"nested", item{{"deep", attribute_value::string_set{"a", "b"}}}}, {"dash-name", number(0)}}},
      {"ss", attribute_value::string_set{"alpha", "beta"}},
      {"ns", attribute_value::number_set{number(1), *number::parse("2.5"), number(-3)}},
      {"bs", attribute_value::binary_set{bytes{1}, bytes{2, 3}}},
  };
}

TEST_F(item_operations, every_attribute_type_round_trips) {
  const auto table = make_table();
  const item written = every_type("all-types");
  auto put = ddb->put_item({.table_name = table, .item = written});
  ASSERT_TRUE(put) << put.error();
  auto got = ddb->get_item({.table_name = table, .key = {{"pk", "all-types"}, {"sk", number(1)}}, .consistent_read = true});
  ASSERT_TRUE(got) << got.error();
  ASSERT_TRUE(got->item);
  EXPECT_EQ(*got->item, written);
}

TEST_F(item_operations, get_item_of_a_missing_key_has_no_item) {
  const auto table = make_table();
  auto got = ddb->get_item({.table_name = table, .key = {{"pk", "nobody"}, {"sk", number(1)}}});
  ASSERT_TRUE(got) << got.error();
  EXPECT_FALSE(got->item);
}

TEST_F(item_operations, projection_and_consumed_capacity) {
  const auto table = make_table();
  ASSERT_TRUE(ddb->put_item({.table_name = table, .item = every_type("p")}));
  auto got = ddb->get_item({.table_name = table,
                            .key = {{"pk", "p"}, {"sk", number(1)}},
                            .consistent_read = true,
                            .projection_expression = "#s, m.nested",
                            .expression_attribute_names = {{"#s", "s"}},
                            .return_consumed_capacity = return_consumed_capacity::total});
  ASSERT_TRUE(got) << got.error();
  ASSERT_TRUE(got->item);
  EXPECT_EQ(got->item->size(), 2u);
  EXPECT_TRUE(got->item->contains("s"));
  ASSERT_TRUE(got->consumed_capacity);
  EXPECT_EQ(got->consumed_capacity->table_name, table);
  EXPECT_GT(got->consumed_capacity->capacity_units.value_or(0), 0);
}

TEST_F(item_operations, the_attempt_hook_sees_table_and_consumed_capacity) {
  const auto table = make_table();
  std::vector<std::pair<std::string, std::vector<consumed_capacity>>> seen;
  auto options = local_options(*local_endpoint());
  options.on_attempt = [&seen](const attempt_info& a) {
    seen.emplace_back(std::string(a.table), std::vector<consumed_capacity>(a.consumed_capacity.begin(),
                                                                           a.consumed_capacity.end()));
  };
  auto hooked = client::create(options);
  ASSERT_TRUE(hooked) << hooked.error();
  auto put = hooked->put_item({.table_name = table, .item = every_type("hooked"),
                               .return_consumed_capacity = return_consumed_capacity::total});
  ASSERT_TRUE(put) << put.error();
  ASSERT_TRUE(put->consumed_capacity);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].first, table);
  ASSERT_EQ(seen[0].second.size(), 1u);
  EXPECT_EQ(seen[0].second[0], *put->consumed_capacity);
  EXPECT_GT(seen[0].second[0].capacity_units.value_or(0), 0);
}

TEST_F(item_operations, put_returns_the_old_item_when_asked) {
  const auto table = make_table();
  ASSERT_TRUE(ddb->put_item({.table_name = table, .item = {{"pk", "a"}, {"sk", number(1)}, {"v", "old"}}}));
  auto put = ddb->put_item({.table_name = table,
                            .item = {{"pk", "a"}, {"sk", number(1)}, {"v", "new"}},
                            .return_values = return_values::all_old});
  ASSERT_TRUE(put) << put.error();
  ASSERT_TRUE(put->attributes);
  EXPECT_EQ(put->attributes->at("v"), attribute_value("old"));
}

TEST_F(item_operations, failed_condition_reports_the_existing_item) {
  const auto table = make_table();
  ASSERT_TRUE(ddb->put_item({.table_name = table, .item = {{"pk", "a"}, {"sk", number(1)}, {"owner", "first"}}}));
  auto put = ddb->put_item({.table_name = table,
                            .item = {{"pk", "a"}, {"sk", number(1)}, {"owner", "second"}},
                            .condition_expression = "attribute_not_exists(pk)",
                            .return_values_on_condition_check_failure = return_values_on_condition_check_failure::all_old});
  ASSERT_FALSE(put);
  EXPECT_TRUE(put.error().is_condition_failed());
  EXPECT_EQ(put.error().http_status(), 400);
  EXPECT_EQ(put.error().aws_type(), "ConditionalCheckFailedException");
  ASSERT_NE(put.error().old_item(), nullptr);
  EXPECT_EQ(put.error().old_item()->at("owner"), attribute_value("first"));
  auto got = ddb->get_item({.table_name = table, .key = {{"pk", "a"}, {"sk", number(1)}}, .consistent_read = true});
  EXPECT_EQ(got->item->at("owner"), attribute_value("first"));
}

TEST_F(item_operations, update_item_applies_set_add_remove_and_returns_new_values) {
  const auto table = make_table();
  ASSERT_TRUE(ddb->put_item({.table_name = table,
                             .item = {{"pk", "c"}, {"sk", number(1)}, {"count", number(1)}, {"gone", "x"}}}));
  auto updated = ddb->update_item({
      .table_name = table,
      .key = {{"pk", "c"}, {"sk", number(1)}},
      .update_expression = "SET #n = :name ADD #c :one REMOVE gone",
      .condition_expression = "#c = :expected",
      .expression_attribute_names = {{"#n", "name"}, {"#c", "count"}},
      .expression_attribute_values = {{":name", "Ada"}, {":one", number(1)}, {":expected", number(1)}},
      .return_values = return_values::all_new,
  });
  ASSERT_TRUE(updated) << updated.error();
  ASSERT_TRUE(updated->attributes);
  EXPECT_EQ(updated->attributes->at("count"), attribute_value(number(2)));
  EXPECT_EQ(updated->attributes->at("name"), attribute_value("Ada"));
  EXPECT_FALSE(updated->attributes->contains("gone"));

  // The same conditional update again fails: count is 2 now.
  auto again = ddb->update_item({
      .table_name = table,
      .key = {{"pk", "c"}, {"sk", number(1)}},
      .update_expression = "ADD #c :one",
      .condition_expression = "#c = :expected",
      .expression_attribute_names = {{"#c", "count"}},
      .expression_attribute_values = {{":one", number(1)}, {":expected", number(1)}},
  });
  ASSERT_FALSE(again);
  EXPECT_TRUE(again.error().is_condition_failed());
}

TEST_F(item_operations, delete_item_with_condition) {
  const auto table = make_table();
  ASSERT_TRUE(ddb->put_item({.table_name = table, .item = {{"pk", "d"}, {"sk", number(1)}, {"v", number(5)}}}));
  auto refused = ddb->delete_item({.table_name = table,
                                   .key = {{"pk", "d"}, {"sk", number(1)}},
                                   .condition_expression = "v > :min",
                                   .expression_attribute_values = {{":min", number(10)}}});
  ASSERT_FALSE(refused);
  EXPECT_TRUE(refused.error().is_condition_failed());
  auto deleted = ddb->delete_item({.table_name = table,
                                   .key = {{"pk", "d"}, {"sk", number(1)}},
                                   .return_values = return_values::all_old});
  ASSERT_TRUE(deleted) << deleted.error();
  ASSERT_TRUE(deleted->attributes);
  EXPECT_EQ(deleted->attributes->at("v"), attribute_value(number(5)));
  auto got = ddb->get_item({.table_name = table, .key = {{"pk", "d"}, {"sk", number(1)}}, .consistent_read = true});
  ASSERT_TRUE(got);
  EXPECT_FALSE(got->item);
}

TEST_F(item_operations, server_side_validation_errors_are_validation) {
  const auto table = make_table();
  // A key of the wrong type passes our checks (we do not know the schema) but not the server's.
  auto got = ddb->get_item({.table_name = table, .key = {{"pk", "a"}, {"sk", "not-a-number"}}});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), error_code::validation);
  EXPECT_EQ(got.error().aws_type(), "ValidationException");
}

TEST_F(item_operations, missing_table_is_resource_not_found) {
  auto got = ddb->get_item({.table_name = "no-such-table-here", .key = {{"pk", "a"}}});
  ASSERT_FALSE(got);
  EXPECT_TRUE(got.error().is_not_found());
}

}  // namespace
}  // namespace ddbkit::testing

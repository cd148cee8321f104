// Control-plane operations against DynamoDB Local.
#include "integration/fixture.hpp"

#include <algorithm>

namespace ddbkit::testing {
namespace {

using table_operations = local_table_test;

TEST_F(table_operations, create_table_with_gsi_and_lsi_is_described_back) {
  create_table_input in{
      .table_name = unique_name("indexes"),
      .attribute_definitions = {{.attribute_name = "pk", .attribute_type = scalar_attribute_type::s},
                                {.attribute_name = "sk", .attribute_type = scalar_attribute_type::s},
                                {.attribute_name = "email", .attribute_type = scalar_attribute_type::s},
                                {.attribute_name = "created", .attribute_type = scalar_attribute_type::n}},
      .key_schema = {{.attribute_name = "pk", .key_type = key_type::hash},
                     {.attribute_name = "sk", .key_type = key_type::range}},
      .billing_mode = billing_mode::provisioned,
      .provisioned_throughput = provisioned_throughput{.read_capacity_units = 5, .write_capacity_units = 5},
  };
  in.global_secondary_indexes.push_back(global_secondary_index{
      .index_name = "by-email",
      .key_schema = {{.attribute_name = "email", .key_type = key_type::hash}},
      .projection = projection{.projection_type = projection_type::all},
      .provisioned_throughput = provisioned_throughput{.read_capacity_units = 1, .write_capacity_units = 1},
  });
  in.local_secondary_indexes.push_back(local_secondary_index{
      .index_name = "by-created",
      .key_schema = {{.attribute_name = "pk", .key_type = key_type::hash},
                     {.attribute_name = "created", .key_type = key_type::range}},
      .projection = projection{.projection_type = projection_type::keys_only},
  });
  const std::string name = create(in);

  auto described = ddb->describe_table({.table_name = name});
  ASSERT_TRUE(described) << described.error();
  ASSERT_TRUE(described->table);
  const table_description& t = *described->table;
  EXPECT_EQ(t.table_name, name);
  EXPECT_EQ(t.table_status, table_status::active);
  ASSERT_EQ(t.key_schema.size(), 2u);
  EXPECT_EQ(t.key_schema[0].attribute_name, "pk");
  ASSERT_EQ(t.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(t.global_secondary_indexes[0].index_name, "by-email");
  ASSERT_EQ(t.local_secondary_indexes.size(), 1u);
  EXPECT_EQ(t.local_secondary_indexes[0].index_name, "by-created");
}

TEST_F(table_operations, list_tables_pages_through_every_table) {
  std::vector<std::string> mine;
  for (int i = 0; i < 3; ++i) mine.push_back(make_table(false));
  std::vector<std::string> seen;
  list_tables_input in{.limit = 2};
  int pages = 0;
  do {
    auto page = ddb->list_tables(in);
    ASSERT_TRUE(page) << page.error();
    ++pages;
    seen.insert(seen.end(), page->table_names.begin(), page->table_names.end());
    in.exclusive_start_table_name = page->last_evaluated_table_name;
  } while (in.exclusive_start_table_name && pages < 1000);
  EXPECT_GE(pages, 2);
  for (const auto& name : mine) EXPECT_NE(std::find(seen.begin(), seen.end(), name), seen.end()) << name;
}

TEST_F(table_operations, update_table_changes_provisioned_throughput) {
  const std::string name = create({
      .table_name = unique_name("update"),
      .attribute_definitions = {{.attribute_name = "pk", .attribute_type = scalar_attribute_type::s}},
      .key_schema = {{.attribute_name = "pk", .key_type = key_type::hash}},
      .billing_mode = billing_mode::provisioned,
      .provisioned_throughput = provisioned_throughput{.read_capacity_units = 1, .write_capacity_units = 1},
  });
  auto updated = ddb->update_table({
      .table_name = name,
      .provisioned_throughput = provisioned_throughput{.read_capacity_units = 7, .write_capacity_units = 3},
  });
  ASSERT_TRUE(updated) << updated.error();
  auto described = ddb->wait_until_active(name, std::chrono::seconds(30));
  ASSERT_TRUE(described) << described.error();
  ASSERT_TRUE(described->table->provisioned_throughput);
  EXPECT_EQ(described->table->provisioned_throughput->read_capacity_units, 7);
  EXPECT_EQ(described->table->provisioned_throughput->write_capacity_units, 3);
}

TEST_F(table_operations, time_to_live_is_enabled_and_described) {
  const std::string name = make_table(false);
  auto enabled = ddb->update_time_to_live({
      .table_name = name,
      .time_to_live_specification = {.enabled = true, .attribute_name = "expires_at"},
  });
  ASSERT_TRUE(enabled) << enabled.error();
  auto described = ddb->describe_time_to_live({.table_name = name});
  ASSERT_TRUE(described) << described.error();
  ASSERT_TRUE(described->time_to_live_description);
  EXPECT_EQ(described->time_to_live_description->attribute_name, "expires_at");
  EXPECT_EQ(described->time_to_live_description->time_to_live_status, time_to_live_status::enabled);
}

TEST_F(table_operations, delete_table_then_describe_is_not_found) {
  auto name = unique_name("gone");
  auto created = ddb->create_table({
      .table_name = name,
      .attribute_definitions = {{.attribute_name = "pk", .attribute_type = scalar_attribute_type::s}},
      .key_schema = {{.attribute_name = "pk", .key_type = key_type::hash}},
      .billing_mode = billing_mode::pay_per_request,
  });
  ASSERT_TRUE(created) << created.error();
  auto deleted = ddb->delete_table({.table_name = name});
  ASSERT_TRUE(deleted) << deleted.error();
  ASSERT_TRUE(ddb->wait_until_deleted(name, std::chrono::seconds(30)));
  auto described = ddb->describe_table({.table_name = name});
  ASSERT_FALSE(described);
  EXPECT_TRUE(described.error().is_not_found());
  EXPECT_FALSE(described.error().request_id().empty());
}

TEST_F(table_operations, creating_an_existing_table_is_resource_in_use) {
  const std::string name = make_table(false);
  auto again = ddb->create_table({
      .table_name = name,
      .attribute_definitions = {{.attribute_name = "pk", .attribute_type = scalar_attribute_type::s}},
      .key_schema = {{.attribute_name = "pk", .key_type = key_type::hash}},
      .billing_mode = billing_mode::pay_per_request,
  });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), error_code::resource_in_use);
}

}  // namespace
}  // namespace ddbkit::testing

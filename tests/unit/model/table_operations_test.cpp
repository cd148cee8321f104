// CreateTable, DeleteTable, DescribeTable, ListTables, UpdateTable, and the TTL operations.
#include <ddbkit/model/serialization.hpp>

#include "model_testing.hpp"

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

using testing::refused_at;
using testing::serializes_to;

create_table_input full_create_table() {
  return {.table_name = "Thread",
          .attribute_definitions = {{.attribute_name = "ForumName", .attribute_type = scalar_attribute_type::s},
                                    {.attribute_name = "Subject", .attribute_type = scalar_attribute_type::s},
                                    {.attribute_name = "LastPostDateTime", .attribute_type = scalar_attribute_type::n},
                                    {.attribute_name = "Digest", .attribute_type = scalar_attribute_type::b}},
          .key_schema = {{.attribute_name = "ForumName", .key_type = key_type::hash},
                         {.attribute_name = "Subject", .key_type = key_type::range}},
          .billing_mode = billing_mode::provisioned,
          .provisioned_throughput = provisioned_throughput{.read_capacity_units = 5, .write_capacity_units = 6},
          .global_secondary_indexes = {{.index_name = "by-digest",
                                        .key_schema = {{.attribute_name = "Digest", .key_type = key_type::hash}},
                                        .projection = {.projection_type = projection_type::include,
                                                       .non_key_attributes = {"Subject", "Author"}},
                                        .provisioned_throughput = provisioned_throughput{.read_capacity_units = 1,
                                                                                         .write_capacity_units = 2}}},
          .local_secondary_indexes = {{.index_name = "LastPostIndex",
                                       .key_schema = {{.attribute_name = "ForumName", .key_type = key_type::hash},
                                                      {.attribute_name = "LastPostDateTime", .key_type = key_type::range}},
                                       .projection = {.projection_type = projection_type::keys_only}}},
          .stream_specification = stream_specification{.stream_enabled = true,
                                                       .stream_view_type = stream_view_type::new_and_old_images},
          .sse_specification = sse_specification{.enabled = true, .sse_type = sse_type::kms, .kms_master_key_id = "alias/ddb"},
          .table_class = table_class::standard_infrequent_access,
          .deletion_protection_enabled = true,
          .tags = {{"team", "core"}, {"env", "test"}}};
}

TEST(create_table, serializes_every_field) {
  EXPECT_TRUE(serializes_to(serialize(full_create_table()), R"js({"TableName":"Thread",
      "AttributeDefinitions":[{"AttributeName":"ForumName","AttributeType":"S"},{"AttributeName":"Subject","AttributeType":"S"},
        {"AttributeName":"LastPostDateTime","AttributeType":"N"},{"AttributeName":"Digest","AttributeType":"B"}],
      "KeySchema":[{"AttributeName":"ForumName","KeyType":"HASH"},{"AttributeName":"Subject","KeyType":"RANGE"}],
      "BillingMode":"PROVISIONED","ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":6},
      "GlobalSecondaryIndexes":[{"IndexName":"by-digest","KeySchema":[{"AttributeName":"Digest","KeyType":"HASH"}],
        "Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["Subject","Author"]},
        "ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":2}}],
      "LocalSecondaryIndexes":[{"IndexName":"LastPostIndex",
        "KeySchema":[{"AttributeName":"ForumName","KeyType":"HASH"},{"AttributeName":"LastPostDateTime","KeyType":"RANGE"}],
        "Projection":{"ProjectionType":"KEYS_ONLY"}}],
      "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"},
      "SSESpecification":{"Enabled":true,"SSEType":"KMS","KMSMasterKeyId":"alias/ddb"},
      "TableClass":"STANDARD_INFREQUENT_ACCESS","DeletionProtectionEnabled":true,
      "Tags":[{"Key":"env","Value":"test"},{"Key":"team","Value":"core"}]})js"));
}

TEST(create_table, serializes_a_minimal_on_demand_table) {
  EXPECT_TRUE(serializes_to(serialize(create_table_input{
                                .table_name = "orders",
                                .attribute_definitions = {{.attribute_name = "pk"}},
                                .key_schema = {{.attribute_name = "pk"}},
                                .billing_mode = billing_mode::pay_per_request}),
                            R"js({"TableName":"orders","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})js"));
}

TEST(create_table, refuses_bad_schemas_indexes_and_capacity) {
  auto in = full_create_table();
  in.key_schema = {{.attribute_name = "ForumName", .key_type = key_type::range}};
  EXPECT_TRUE(refused_at(serialize(in), "CreateTable.KeySchema"));
  in = full_create_table();
  in.attribute_definitions.clear();
  EXPECT_TRUE(refused_at(serialize(in), "CreateTable.AttributeDefinitions"));
  in = full_create_table();
  in.global_secondary_indexes[0].index_name = "x";
  EXPECT_TRUE(refused_at(serialize(in), "CreateTable.GlobalSecondaryIndexes[0].IndexName"));
  in = full_create_table();
  in.local_secondary_indexes[0].key_schema.clear();
  EXPECT_TRUE(refused_at(serialize(in), "CreateTable.LocalSecondaryIndexes[0].KeySchema"));
  in = full_create_table();
  in.provisioned_throughput->write_capacity_units = 0;
  EXPECT_TRUE(refused_at(serialize(in), "CreateTable.ProvisionedThroughput.WriteCapacityUnits"));
  in = full_create_table();
  in.global_secondary_indexes[0].provisioned_throughput->read_capacity_units = 0;
  EXPECT_TRUE(refused_at(serialize(in), "CreateTable.GlobalSecondaryIndexes[0].ProvisionedThroughput.ReadCapacityUnits"));
  in = full_create_table();
  in.stream_specification->stream_view_type.reset();
  EXPECT_TRUE(refused_at(serialize(in), "CreateTable.StreamSpecification.StreamViewType"));
}

TEST(create_table, parses_the_table_description) {
  auto out = parse_output<create_table_output>(R"js({"TableDescription":{"TableName":"Thread","TableStatus":"CREATING",
      "KeySchema":[{"AttributeName":"ForumName","KeyType":"HASH"}],
      "AttributeDefinitions":[{"AttributeName":"ForumName","AttributeType":"S"}],
      "ProvisionedThroughput":{"NumberOfDecreasesToday":0,"ReadCapacityUnits":5,"WriteCapacityUnits":5},
      "CreationDateTime":1.363729002358E9,"ItemCount":0,"TableSizeBytes":0}})js");
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(out->table->table_status, table_status::creating);
  EXPECT_EQ(out->table->creation_date_time, 1363729002.358);
  EXPECT_EQ(out->table->provisioned_throughput->read_capacity_units, 5);
}

TEST(describe_table, parses_the_aws_example_and_every_mapped_field) {
  auto out = parse_output<describe_table_output>(R"js({"Table":{
      "AttributeDefinitions":[{"AttributeName":"ForumName","AttributeType":"S"},
        {"AttributeName":"LastPostDateTime","AttributeType":"S"},{"AttributeName":"Subject","AttributeType":"S"}],
      "CreationDateTime":1363729002.358,"ItemCount":0,
      "KeySchema":[{"AttributeName":"ForumName","KeyType":"HASH"},{"AttributeName":"Subject","KeyType":"RANGE"}],
      "LocalSecondaryIndexes":[{"IndexName":"LastPostIndex","IndexSizeBytes":0,"ItemCount":0,
        "KeySchema":[{"AttributeName":"ForumName","KeyType":"HASH"},{"AttributeName":"LastPostDateTime","KeyType":"RANGE"}],
        "Projection":{"ProjectionType":"KEYS_ONLY"}}],
      "GlobalSecondaryIndexes":[{"IndexName":"g","KeySchema":[{"AttributeName":"Subject","KeyType":"HASH"}],
        "Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["a"]},"IndexStatus":"UPDATING","Backfilling":true,
        "ItemCount":3,"IndexSizeBytes":99,"IndexArn":"arn:g",
        "ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}],
      "ProvisionedThroughput":{"NumberOfDecreasesToday":0,"ReadCapacityUnits":5,"WriteCapacityUnits":5},
      "TableName":"Thread","TableSizeBytes":0,"TableStatus":"ACTIVE","TableArn":"arn:aws:dynamodb:us-west-2:1:table/Thread",
      "TableId":"abc","BillingModeSummary":{"BillingMode":"PROVISIONED","LastUpdateToPayPerRequestDateTime":1.0},
      "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"},"LatestStreamArn":"arn:s",
      "LatestStreamLabel":"2024-01-01","TableClassSummary":{"TableClass":"STANDARD"},
      "SSEDescription":{"Status":"ENABLED","SSEType":"KMS","KMSMasterKeyArn":"arn:k"},
      "DeletionProtectionEnabled":false,"Replicas":[{"RegionName":"eu-west-1"}]}})js");
  ASSERT_TRUE(out) << out.error();
  const table_description& t = *out->table;
  EXPECT_EQ(t.table_name, "Thread");
  EXPECT_EQ(t.table_status, table_status::active);
  EXPECT_EQ(t.table_arn, "arn:aws:dynamodb:us-west-2:1:table/Thread");
  EXPECT_EQ(t.table_id, "abc");
  EXPECT_EQ(t.creation_date_time, 1363729002.358);
  EXPECT_EQ(t.key_schema, (std::vector<key_schema_element>{{"ForumName", key_type::hash}, {"Subject", key_type::range}}));
  EXPECT_EQ(t.attribute_definitions.size(), 3u);
  EXPECT_EQ(t.item_count, 0);
  EXPECT_EQ(t.table_size_bytes, 0);
  EXPECT_EQ(t.billing_mode, billing_mode::provisioned);
  EXPECT_EQ(t.provisioned_throughput, (provisioned_throughput_description{5, 5, 0}));
  ASSERT_EQ(t.local_secondary_indexes.size(), 1u);
  EXPECT_EQ(t.local_secondary_indexes[0].index_name, "LastPostIndex");
  EXPECT_EQ(t.local_secondary_indexes[0].projection.projection_type, projection_type::keys_only);
  ASSERT_EQ(t.global_secondary_indexes.size(), 1u);
  const auto& g = t.global_secondary_indexes[0];
  EXPECT_EQ(g.index_status, index_status::updating);
  EXPECT_EQ(g.backfilling, true);
  EXPECT_EQ(g.projection.non_key_attributes, (std::vector<std::string>{"a"}));
  EXPECT_EQ(g.index_arn, "arn:g");
  EXPECT_EQ(g.provisioned_throughput->write_capacity_units, 1);
  EXPECT_EQ(t.stream_specification, (stream_specification{true, stream_view_type::keys_only}));
  EXPECT_EQ(t.latest_stream_arn, "arn:s");
  EXPECT_EQ(t.latest_stream_label, "2024-01-01");
  EXPECT_EQ(t.table_class, table_class::standard);
  EXPECT_EQ(t.sse_description, (sse_description{sse_status::enabled, sse_type::kms, "arn:k"}));
  EXPECT_EQ(t.deletion_protection_enabled, false);
}

TEST(describe_table, a_description_needs_its_name_and_status) {
  EXPECT_TRUE(testing::undecodable_at(parse_output<describe_table_output>(R"js({"Table":{"TableStatus":"ACTIVE"}})js"),
                                      "Table.TableName"));
  EXPECT_TRUE(testing::undecodable_at(parse_output<describe_table_output>(R"js({"Table":{"TableName":"t"}})js"),
                                      "Table.TableStatus"));
  EXPECT_TRUE(testing::undecodable_at(
      parse_output<describe_table_output>(R"js({"Table":{"TableName":"t","TableStatus":"SLEEPING"}})js"), "Table.TableStatus"));
  EXPECT_TRUE(testing::undecodable_at(
      parse_output<describe_table_output>(R"js({"Table":{"TableName":"t","TableStatus":"ACTIVE","KeySchema":[{"KeyType":"HASH"}]}})js"),
      "Table.KeySchema[0].AttributeName"));
}

TEST(table_operations, name_only_requests) {
  EXPECT_TRUE(serializes_to(serialize(delete_table_input{.table_name = "orders"}), R"js({"TableName":"orders"})js"));
  EXPECT_TRUE(serializes_to(serialize(describe_table_input{.table_name = "orders"}), R"js({"TableName":"orders"})js"));
  EXPECT_TRUE(serializes_to(serialize(describe_time_to_live_input{.table_name = "orders"}), R"js({"TableName":"orders"})js"));
  EXPECT_TRUE(refused_at(serialize(delete_table_input{.table_name = "o"}), "DeleteTable.TableName"));
  EXPECT_TRUE(refused_at(serialize(describe_table_input{.table_name = "o/x"}), "DescribeTable.TableName"));
  EXPECT_TRUE(refused_at(serialize(describe_time_to_live_input{}), "DescribeTimeToLive.TableName"));
}

TEST(delete_table, parses_the_deleting_description) {
  auto out = parse_output<delete_table_output>(R"js({"TableDescription":{"TableName":"Reply","TableStatus":"DELETING",
      "ItemCount":0,"ProvisionedThroughput":{"NumberOfDecreasesToday":0,"ReadCapacityUnits":5,"WriteCapacityUnits":5},
      "TableSizeBytes":0}})js");
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(out->table->table_status, table_status::deleting);
}

TEST(list_tables, serializes_and_parses) {
  EXPECT_TRUE(serializes_to(serialize(list_tables_input{.exclusive_start_table_name = "Forum", .limit = 3}),
                            R"js({"ExclusiveStartTableName":"Forum","Limit":3})js"));
  EXPECT_TRUE(serializes_to(serialize(list_tables_input{}), "{}"));
  auto out = parse_output<list_tables_output>(R"js({"LastEvaluatedTableName":"Thread","TableNames":["Forum","Reply","Thread"]})js");
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(out->table_names, (std::vector<std::string>{"Forum", "Reply", "Thread"}));
  EXPECT_EQ(out->last_evaluated_table_name, "Thread");
  EXPECT_TRUE(testing::undecodable_at(parse_output<list_tables_output>("{}"), "TableNames"));
  EXPECT_TRUE(testing::undecodable_at(parse_output<list_tables_output>(R"js({"TableNames":["a",1]})js"), "TableNames"));
}

TEST(list_tables, refuses_a_limit_outside_1_to_100_and_a_bad_start_name) {
  EXPECT_TRUE(refused_at(serialize(list_tables_input{.limit = 0}), "ListTables.Limit"));
  EXPECT_TRUE(refused_at(serialize(list_tables_input{.limit = 101}), "ListTables.Limit"));
  EXPECT_TRUE(refused_at(serialize(list_tables_input{.exclusive_start_table_name = "a"}), "ListTables.ExclusiveStartTableName"));
}

TEST(update_table, serializes_every_field) {
  update_table_input in{.table_name = "Thread",
                        .attribute_definitions = {{.attribute_name = "Digest", .attribute_type = scalar_attribute_type::b}},
                        .billing_mode = billing_mode::provisioned,
                        .provisioned_throughput = provisioned_throughput{.read_capacity_units = 10, .write_capacity_units = 10},
                        .stream_specification = stream_specification{.stream_enabled = false},
                        .sse_specification = sse_specification{.enabled = false},
                        .table_class = table_class::standard,
                        .deletion_protection_enabled = false};
  in.global_secondary_index_updates.push_back(
      {.create = global_secondary_index_create{.index_name = "by-digest",
                                               .key_schema = {{.attribute_name = "Digest"}},
                                               .projection = {.projection_type = projection_type::all},
                                               .provisioned_throughput = provisioned_throughput{}}});
  in.global_secondary_index_updates.push_back(
      {.update = global_secondary_index_throughput_update{.index_name = "gsi2",
                                                          .provisioned_throughput = {.read_capacity_units = 3,
                                                                                     .write_capacity_units = 4}}});
  in.global_secondary_index_updates.push_back({.remove = global_secondary_index_delete{.index_name = "old"}});
  EXPECT_TRUE(serializes_to(serialize(in), R"js({"TableName":"Thread",
      "AttributeDefinitions":[{"AttributeName":"Digest","AttributeType":"B"}],"BillingMode":"PROVISIONED",
      "ProvisionedThroughput":{"ReadCapacityUnits":10,"WriteCapacityUnits":10},
      "GlobalSecondaryIndexUpdates":[
        {"Create":{"IndexName":"by-digest","KeySchema":[{"AttributeName":"Digest","KeyType":"HASH"}],
                   "Projection":{"ProjectionType":"ALL"},"ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}},
        {"Update":{"IndexName":"gsi2","ProvisionedThroughput":{"ReadCapacityUnits":3,"WriteCapacityUnits":4}}},
        {"Delete":{"IndexName":"old"}}],
      "StreamSpecification":{"StreamEnabled":false},"SSESpecification":{"Enabled":false},"TableClass":"STANDARD",
      "DeletionProtectionEnabled":false})js"));
}

TEST(update_table, refuses_index_updates_that_are_not_exactly_one_valid_kind) {
  update_table_input in{.table_name = "orders"};
  in.global_secondary_index_updates.push_back({});
  EXPECT_TRUE(refused_at(serialize(in), "UpdateTable.GlobalSecondaryIndexUpdates[0]"));
  in.global_secondary_index_updates[0].remove = global_secondary_index_delete{.index_name = "old"};
  in.global_secondary_index_updates[0].update = global_secondary_index_throughput_update{.index_name = "old"};
  EXPECT_TRUE(refused_at(serialize(in), "UpdateTable.GlobalSecondaryIndexUpdates[0]"));
  in.global_secondary_index_updates[0].update.reset();
  in.global_secondary_index_updates[0].remove->index_name = "o";
  EXPECT_TRUE(refused_at(serialize(in), "UpdateTable.GlobalSecondaryIndexUpdates[0].Delete.IndexName"));
  in.global_secondary_index_updates[0] = {.create = global_secondary_index_create{.index_name = "new-index"}};
  EXPECT_TRUE(refused_at(serialize(in), "UpdateTable.GlobalSecondaryIndexUpdates[0].Create.KeySchema"));
  in.global_secondary_index_updates[0] = {.update = global_secondary_index_throughput_update{
                                              .index_name = "index", .provisioned_throughput = {.read_capacity_units = 0}}};
  EXPECT_TRUE(refused_at(serialize(in), "UpdateTable.GlobalSecondaryIndexUpdates[0].Update.ProvisionedThroughput.ReadCapacityUnits"));
}

TEST(update_table, parses_the_table_description) {
  auto out = parse_output<update_table_output>(R"js({"TableDescription":{"TableName":"Thread","TableStatus":"UPDATING"}})js");
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(out->table->table_status, table_status::updating);
}

TEST(time_to_live, update_serializes_and_parses_the_specification) {
  EXPECT_TRUE(serializes_to(serialize(update_time_to_live_input{.table_name = "orders",
                                                                 .time_to_live_specification = {.enabled = false, .attribute_name = "ttl"}}),
                            R"js({"TableName":"orders","TimeToLiveSpecification":{"Enabled":false,"AttributeName":"ttl"}})js"));
  EXPECT_TRUE(refused_at(serialize(update_time_to_live_input{.table_name = "orders"}),
                         "UpdateTimeToLive.TimeToLiveSpecification.AttributeName"));
  auto out = parse_output<update_time_to_live_output>(R"js({"TimeToLiveSpecification":{"AttributeName":"ttl","Enabled":true}})js");
  ASSERT_TRUE(out) << out.error();
  EXPECT_TRUE(out->time_to_live_specification->enabled);
  EXPECT_EQ(out->time_to_live_specification->attribute_name, "ttl");
  EXPECT_TRUE(testing::undecodable_at(parse_output<update_time_to_live_output>(R"js({"TimeToLiveSpecification":{"Enabled":true}})js"),
                                      "TimeToLiveSpecification.AttributeName"));
}

TEST(time_to_live, describe_parses_every_status) {
  auto enabled = parse_output<describe_time_to_live_output>(
      R"js({"TimeToLiveDescription":{"TimeToLiveStatus":"ENABLED","AttributeName":"ttl"}})js");
  ASSERT_TRUE(enabled) << enabled.error();
  EXPECT_EQ(enabled->time_to_live_description->time_to_live_status, time_to_live_status::enabled);
  EXPECT_EQ(enabled->time_to_live_description->attribute_name, "ttl");
  for (const auto& [text, status] : {std::pair{"ENABLING", time_to_live_status::enabling},
                                     std::pair{"DISABLING", time_to_live_status::disabling},
                                     std::pair{"DISABLED", time_to_live_status::disabled}}) {
    auto out = parse_output<describe_time_to_live_output>(std::string(R"js({"TimeToLiveDescription":{"TimeToLiveStatus":")js") +
                                                          text + "\"}}");
    ASSERT_TRUE(out) << text;
    EXPECT_EQ(out->time_to_live_description->time_to_live_status, status);
  }
}

TEST(table_operations, traits) {
  static_assert(operation_traits<create_table_input>::name == "CreateTable");
  static_assert(operation_traits<delete_table_input>::name == "DeleteTable");
  static_assert(operation_traits<describe_table_input>::name == "DescribeTable");
  static_assert(operation_traits<list_tables_input>::name == "ListTables");
  static_assert(operation_traits<update_table_input>::name == "UpdateTable");
  static_assert(operation_traits<update_time_to_live_input>::name == "UpdateTimeToLive");
  static_assert(operation_traits<describe_time_to_live_input>::name == "DescribeTimeToLive");
}

TEST(enums, wire_names) {
  EXPECT_EQ(to_string(return_values::updated_old), "UPDATED_OLD");
  EXPECT_EQ(to_string(select::all_projected_attributes), "ALL_PROJECTED_ATTRIBUTES");
  EXPECT_EQ(to_string(table_status::inaccessible_encryption_credentials), "INACCESSIBLE_ENCRYPTION_CREDENTIALS");
  EXPECT_EQ(to_string(table_class::standard_infrequent_access), "STANDARD_INFREQUENT_ACCESS");
  EXPECT_EQ(to_string(sse_type::aes256), "AES256");
  EXPECT_EQ(to_string(stream_view_type::new_and_old_images), "NEW_AND_OLD_IMAGES");
}

}  // namespace
}  // namespace ddbkit

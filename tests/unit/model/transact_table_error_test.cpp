#include <ddbkit/cancellation_reason.hpp>
#include <ddbkit/model/serialization.hpp>

#include "json_compare.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace ddbkit {
namespace {

using testing::same_json;

TEST(transact_write_items, serializes_all_four_kinds_of_action) {
  transact_write_items_input in{.client_request_token = "token-1"};
  in.transact_items.push_back({.condition_check = transact_condition_check{
                                   .table_name = "tx1", .key = {{"pk", "a"}}, .condition_expression = "attribute_exists(pk)"}});
  in.transact_items.push_back({.put = transact_put{.table_name = "tx1", .item = {{"pk", "b"}}}});
  in.transact_items.push_back({.remove = transact_delete{.table_name = "tx1", .key = {{"pk", "c"}}}});
  in.transact_items.push_back({.update = transact_update{.table_name = "tx1", .key = {{"pk", "d"}}, .update_expression = "SET v = :v",
                                                         .expression_attribute_values = {{":v", number(1)}}}});
  auto body = serialize(in);
  ASSERT_TRUE(body) << body.error();
  EXPECT_TRUE(same_json(*body, R"js({"TransactItems":[
      {"ConditionCheck":{"TableName":"tx1","Key":{"pk":{"S":"a"}},"ConditionExpression":"attribute_exists(pk)"}},
      {"Put":{"TableName":"tx1","Item":{"pk":{"S":"b"}}}},
      {"Delete":{"TableName":"tx1","Key":{"pk":{"S":"c"}}}},
      {"Update":{"TableName":"tx1","Key":{"pk":{"S":"d"}},"UpdateExpression":"SET v = :v",
                 "ExpressionAttributeValues":{":v":{"N":"1"}}}}],"ClientRequestToken":"token-1"})js"));
}

TEST(transact_write_items, each_action_sets_exactly_one_kind) {
  transact_write_items_input none;
  none.transact_items.push_back({});
  EXPECT_EQ(serialize(none).error().field(), "TransactWriteItems.TransactItems[0]");
  transact_write_items_input two;
  two.transact_items.push_back({.put = transact_put{.table_name = "tx1", .item = {{"pk", "a"}}},
                                .remove = transact_delete{.table_name = "tx1", .key = {{"pk", "a"}}}});
  EXPECT_FALSE(serialize(two));
}

TEST(transact_write_items, refuses_two_actions_on_one_item_and_bad_tokens) {
  transact_write_items_input in;
  in.transact_items.push_back({.remove = transact_delete{.table_name = "tx1", .key = {{"pk", "a"}}}});
  in.transact_items.push_back({.update = transact_update{.table_name = "tx1", .key = {{"pk", "a"}}, .update_expression = "SET v = :v",
                                                         .expression_attribute_values = {{":v", number(1)}}}});
  EXPECT_EQ(serialize(in).error().field(), "TransactWriteItems.TransactItems[1]");
  transact_write_items_input token{.client_request_token = std::string(37, 't')};
  token.transact_items.push_back({.put = transact_put{.table_name = "tx1", .item = {{"pk", "a"}}}});
  EXPECT_EQ(serialize(token).error().field(), "TransactWriteItems.ClientRequestToken");
  token.client_request_token = std::string(36, 't');
  EXPECT_TRUE(serialize(token));
  EXPECT_FALSE(serialize(transact_write_items_input{}));
}

TEST(transact_get_items, serializes_and_parses_aligned_responses) {
  transact_get_items_input in;
  in.transact_items.push_back({.get = {.table_name = "tx1", .key = {{"pk", "a"}}}});
  auto body = serialize(in);
  ASSERT_TRUE(body);
  EXPECT_TRUE(same_json(*body, R"js({"TransactItems":[{"Get":{"TableName":"tx1","Key":{"pk":{"S":"a"}}}}]})js"));
  auto out = parse_output<transact_get_items_output>(R"js({"Responses":[{"Item":{"pk":{"S":"a"}}},{}]})js");
  ASSERT_TRUE(out) << out.error();
  ASSERT_EQ(out->responses.size(), 2u);
  EXPECT_TRUE(out->responses[0].item);
  EXPECT_FALSE(out->responses[1].item);
}

TEST(create_table, serializes_keys_indexes_and_billing) {
  create_table_input in{.table_name = "orders",
                        .attribute_definitions = {{.attribute_name = "pk", .attribute_type = scalar_attribute_type::s},
                                                  {.attribute_name = "email", .attribute_type = scalar_attribute_type::s}},
                        .key_schema = {{.attribute_name = "pk", .key_type = key_type::hash}},
                        .billing_mode = billing_mode::pay_per_request,
                        .tags = {{"team", "core"}}};
  in.global_secondary_indexes.push_back({.index_name = "by-email",
                                         .key_schema = {{.attribute_name = "email", .key_type = key_type::hash}},
                                         .projection = {.projection_type = projection_type::include,
                                                        .non_key_attributes = {"name"}}});
  auto body = serialize(in);
  ASSERT_TRUE(body) << body.error();
  EXPECT_TRUE(same_json(*body, R"js({"TableName":"orders",
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"email","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST",
      "GlobalSecondaryIndexes":[{"IndexName":"by-email","KeySchema":[{"AttributeName":"email","KeyType":"HASH"}],
        "Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["name"]}}],
      "Tags":[{"Key":"team","Value":"core"}]})js"));
  in.key_schema = {{.attribute_name = "pk", .key_type = key_type::range}};
  EXPECT_EQ(serialize(in).error().field(), "CreateTable.KeySchema");
}

TEST(describe_table, parses_a_table_description) {
  auto out = parse_output<describe_table_output>(R"js({"Table":{"TableName":"orders","TableStatus":"ACTIVE",
      "TableArn":"arn:aws:dynamodb:local:000000000000:table/orders","CreationDateTime":1.7E9,
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"ItemCount":3,"TableSizeBytes":120,
      "BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST"},
      "ProvisionedThroughput":{"ReadCapacityUnits":0,"WriteCapacityUnits":0,"NumberOfDecreasesToday":0},
      "GlobalSecondaryIndexes":[{"IndexName":"g","KeySchema":[{"AttributeName":"e","KeyType":"HASH"}],
        "Projection":{"ProjectionType":"ALL"},"IndexStatus":"CREATING"}]}})js");
  ASSERT_TRUE(out) << out.error();
  const auto& t = *out->table;
  EXPECT_EQ(t.table_name, "orders");
  EXPECT_EQ(t.table_status, table_status::active);
  EXPECT_EQ(t.item_count, 3);
  EXPECT_EQ(t.billing_mode, billing_mode::pay_per_request);
  EXPECT_EQ(t.key_schema[0].key_type, key_type::hash);
  EXPECT_EQ(t.global_secondary_indexes[0].index_status, index_status::creating);
  EXPECT_EQ(t.global_secondary_indexes[0].projection.projection_type, projection_type::all);
}

TEST(table_operations, list_tables_and_ttl_round_trip) {
  EXPECT_TRUE(same_json(*serialize(list_tables_input{.exclusive_start_table_name = "b", .limit = 5}),
                        R"js({"ExclusiveStartTableName":"b","Limit":5})js"));
  EXPECT_FALSE(serialize(list_tables_input{.limit = 101}));
  auto tables = parse_output<list_tables_output>(R"js({"TableNames":["a","b"],"LastEvaluatedTableName":"b"})js");
  ASSERT_TRUE(tables);
  EXPECT_EQ(tables->table_names.size(), 2u);
  EXPECT_EQ(tables->last_evaluated_table_name, "b");
  EXPECT_TRUE(same_json(*serialize(update_time_to_live_input{.table_name = "orders",
                                                               .time_to_live_specification = {.enabled = true, .attribute_name = "ttl"}}),
                        R"js({"TableName":"orders","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"ttl"}})js"));
  auto ttl = parse_output<describe_time_to_live_output>(
      R"js({"TimeToLiveDescription":{"TimeToLiveStatus":"ENABLED","AttributeName":"ttl"}})js");
  ASSERT_TRUE(ttl);
  EXPECT_EQ(ttl->time_to_live_description->time_to_live_status, time_to_live_status::enabled);
}

TEST(update_table, each_index_update_sets_exactly_one_kind) {
  update_table_input in{.table_name = "orders"};
  in.global_secondary_index_updates.push_back({});
  EXPECT_EQ(serialize(in).error().field(), "UpdateTable.GlobalSecondaryIndexUpdates[0]");
  in.global_secondary_index_updates[0].remove = global_secondary_index_delete{.index_name = "old"};
  EXPECT_TRUE(same_json(*serialize(in), R"js({"TableName":"orders","GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"old"}}]})js"));
}

TEST(error_response, maps_every_known_type) {
  const std::pair<const char*, error_code> cases[] = {
      {"ConditionalCheckFailedException", error_code::conditional_check_failed},
      {"TransactionCanceledException", error_code::transaction_canceled},
      {"TransactionConflictException", error_code::transaction_conflict},
      {"TransactionInProgressException", error_code::transaction_in_progress},
      {"IdempotentParameterMismatchException", error_code::idempotent_parameter_mismatch},
      {"ProvisionedThroughputExceededException", error_code::throttled},
      {"ThrottlingException", error_code::throttled},
      {"RequestLimitExceeded", error_code::request_limit_exceeded},
      {"LimitExceededException", error_code::limit_exceeded},
      {"ResourceNotFoundException", error_code::resource_not_found},
      {"ResourceInUseException", error_code::resource_in_use},
      {"AccessDeniedException", error_code::access_denied},
      {"UnrecognizedClientException", error_code::unrecognized_client},
      {"InvalidSignatureException", error_code::unrecognized_client},
      {"ItemCollectionSizeLimitExceededException", error_code::item_collection_size_limit},
      {"ValidationException", error_code::validation},
      {"SerializationException", error_code::validation},
      {"InternalServerError", error_code::internal_server_error},
      {"ServiceUnavailable", error_code::service_unavailable},
  };
  for (const auto& [type, code] : cases) {
    const std::string body = std::string(R"js({"__type":"com.amazonaws.dynamodb.v20120810#)js") + type + R"js(","message":"m"})js";
    const error e = parse_error_response(400, body);
    EXPECT_EQ(e.code(), code) << type;
    EXPECT_EQ(e.aws_type(), type);
    EXPECT_EQ(e.message(), "m");
    EXPECT_EQ(e.http_status(), 400);
  }
}

TEST(error_response, unknown_types_fall_back_to_the_status) {
  EXPECT_EQ(parse_error_response(400, R"js({"__type":"x#NewException","Message":"m"})js").code(), error_code::unknown);
  EXPECT_EQ(parse_error_response(500, R"js({"__type":"x#NewException"})js").code(), error_code::internal_server_error);
  EXPECT_EQ(parse_error_response(503, "").code(), error_code::service_unavailable);
  const error html = parse_error_response(502, "<html><body>Bad Gateway</body></html>");
  EXPECT_EQ(html.code(), error_code::internal_server_error);
  EXPECT_NE(std::string(html.message()).find("Bad Gateway"), std::string::npos);
  EXPECT_EQ(parse_error_response(400, "{").code(), error_code::unknown);
}

TEST(error_response, failed_condition_carries_the_old_item) {
  const error e = parse_error_response(400, R"js({"__type":"x#ConditionalCheckFailedException","message":"no",
      "Item":{"pk":{"S":"a"},"v":{"N":"3"}}})js");
  ASSERT_NE(e.old_item(), nullptr);
  EXPECT_EQ(e.old_item()->at("v"), attribute_value(number(3)));
}

TEST(error_response, cancellation_reasons_are_aligned_with_actions) {
  const error e = parse_error_response(400, R"js({"__type":"x#TransactionCanceledException","Message":"canceled",
      "CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed","Message":"failed",
      "Item":{"pk":{"S":"b"}}},{"Code":"TransactionConflict","Message":"conflict"}]})js");
  ASSERT_EQ(e.cancellation_reasons().size(), 3u);
  EXPECT_TRUE(e.cancellation_reasons()[0].ok());
  EXPECT_EQ(e.cancellation_reasons()[1].code, "ConditionalCheckFailed");
  EXPECT_EQ(e.cancellation_reasons()[1].item->at("pk"), attribute_value("b"));
  EXPECT_EQ(e.cancellation_reasons()[2].code, "TransactionConflict");
}

RC_GTEST_PROP(responses, arbitrary_bodies_never_crash_the_parsers, (const std::string& body, int status)) {
  (void)parse_output<page_output>(body);
  (void)parse_output<table_output>(body);
  (void)parse_output<batch_write_item_output>(body);
  const error e = parse_error_response(status, body);
  RC_ASSERT(e.http_status() == status);
}

RC_GTEST_PROP(responses, truncations_of_a_real_body_never_crash, (unsigned cut)) {
  const std::string body = R"js({"Items":[{"pk":{"S":"a"},"n":{"N":"1"},"l":{"L":[{"B":"AQ=="}]}}],"Count":1,"ScannedCount":1,
      "LastEvaluatedKey":{"pk":{"S":"a"}},"ConsumedCapacity":{"TableName":"t","CapacityUnits":0.5}})js";
  const auto out = parse_output<page_output>(std::string_view(body).substr(0, cut % (body.size() + 1)));
  RC_ASSERT(out.has_value() || out.error().code() == error_code::serialization);
}

}  // namespace
}  // namespace ddbkit

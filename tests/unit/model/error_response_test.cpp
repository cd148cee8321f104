// DynamoDB error responses mapped to ddbkit::error.
#include <ddbkit/cancellation_reason.hpp>
#include <ddbkit/model/serialization.hpp>

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

std::string body_of(std::string_view type, std::string_view extra = "") {
  return std::string(R"js({"__type":"com.amazonaws.dynamodb.v20120810#)js") + std::string(type) + R"js(","message":"m")js" +
         std::string(extra) + "}";
}

TEST(error_response, maps_every_known_type_keeping_type_message_and_status) {
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
      {"MissingAuthenticationTokenException", error_code::access_denied},
      {"UnrecognizedClientException", error_code::unrecognized_client},
      {"InvalidSignatureException", error_code::unrecognized_client},
      {"IncompleteSignatureException", error_code::unrecognized_client},
      {"ItemCollectionSizeLimitExceededException", error_code::item_collection_size_limit},
      {"ValidationException", error_code::validation},
      {"SerializationException", error_code::validation},
      {"InternalServerError", error_code::internal_server_error},
      {"ServiceUnavailable", error_code::service_unavailable},
  };
  for (const auto& [type, code] : cases) {
    const error e = parse_error_response(400, body_of(type));
    EXPECT_EQ(e.code(), code) << type;
    EXPECT_EQ(e.aws_type(), type);
    EXPECT_EQ(e.message(), "m");
    EXPECT_EQ(e.http_status(), 400);
  }
}

TEST(error_response, takes_the_message_from_either_spelling) {
  EXPECT_EQ(parse_error_response(400, R"js({"__type":"x#ValidationException","Message":"Big M"})js").message(), "Big M");
  EXPECT_EQ(parse_error_response(400, R"js({"__type":"x#ValidationException"})js").message(), "ValidationException");
}

TEST(error_response, a_type_without_a_namespace_is_used_as_is) {
  const error e = parse_error_response(400, R"js({"__type":"ResourceNotFoundException","message":"gone"})js");
  EXPECT_EQ(e.code(), error_code::resource_not_found);
  EXPECT_EQ(e.aws_type(), "ResourceNotFoundException");
}

TEST(error_response, unknown_types_fall_back_to_the_status) {
  EXPECT_EQ(parse_error_response(400, R"js({"__type":"x#NewException","Message":"m"})js").code(), error_code::unknown);
  EXPECT_EQ(parse_error_response(500, R"js({"__type":"x#NewException"})js").code(), error_code::internal_server_error);
  EXPECT_EQ(parse_error_response(502, R"js({})js").code(), error_code::internal_server_error);
  EXPECT_EQ(parse_error_response(503, R"js({"__type":"x#NewException"})js").code(), error_code::service_unavailable);
  EXPECT_EQ(parse_error_response(504, R"js({"__type":7})js").code(), error_code::internal_server_error);
  EXPECT_EQ(parse_error_response(400, R"js({"__type":"x#NewException"})js").aws_type(), "NewException");
}

TEST(error_response, html_from_a_proxy_is_mapped_by_status_with_an_excerpt) {
  const std::string page = "<html><body>Bad Gateway" + std::string(500, '.') + "</body></html>";
  const error e = parse_error_response(502, page);
  EXPECT_EQ(e.code(), error_code::internal_server_error);
  EXPECT_EQ(e.http_status(), 502);
  const std::string message(e.message());
  EXPECT_NE(message.find("not JSON"), std::string::npos);
  EXPECT_NE(message.find("Bad Gateway"), std::string::npos);
  EXPECT_EQ(message.find("</html>"), std::string::npos);  // cut at 200 characters
  EXPECT_LT(message.size(), 300u);
}

TEST(error_response, empty_truncated_and_non_object_bodies) {
  const error empty = parse_error_response(503, "");
  EXPECT_EQ(empty.code(), error_code::service_unavailable);
  EXPECT_NE(std::string(empty.message()).find("empty"), std::string::npos);
  EXPECT_EQ(parse_error_response(400, R"js({"__type":"x#ValidationExcep)js").code(), error_code::unknown);
  EXPECT_EQ(parse_error_response(500, "[1,2]").code(), error_code::internal_server_error);
  EXPECT_EQ(parse_error_response(400, "\"text\"").code(), error_code::unknown);
}

TEST(error_response, a_failed_condition_carries_the_old_item) {
  const error e = parse_error_response(
      400, body_of("ConditionalCheckFailedException", R"js(,"Item":{"pk":{"S":"a"},"v":{"N":"3"}})js"));
  EXPECT_EQ(e.code(), error_code::conditional_check_failed);
  ASSERT_NE(e.old_item(), nullptr);
  EXPECT_EQ(*e.old_item(), (item{{"pk", "a"}, {"v", number(3)}}));
}

TEST(error_response, an_undecodable_old_item_does_not_hide_the_error) {
  const error e = parse_error_response(400, body_of("ConditionalCheckFailedException", R"js(,"Item":{"pk":{"Q":"a"}})js"));
  EXPECT_EQ(e.code(), error_code::conditional_check_failed);
  EXPECT_EQ(e.old_item(), nullptr);
}

TEST(error_response, cancellation_reasons_are_aligned_with_the_actions) {
  const error e = parse_error_response(400, R"js({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
      "Message":"Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, TransactionConflict]",
      "CancellationReasons":[{"Code":"None"},
        {"Code":"ConditionalCheckFailed","Message":"The conditional request failed","Item":{"pk":{"S":"b"},"v":{"N":"2"}}},
        {"Code":"TransactionConflict","Message":"Transaction is ongoing for the item"}]})js");
  EXPECT_EQ(e.code(), error_code::transaction_canceled);
  ASSERT_EQ(e.cancellation_reasons().size(), 3u);
  EXPECT_TRUE(e.cancellation_reasons()[0].ok());
  EXPECT_FALSE(e.cancellation_reasons()[0].item);
  EXPECT_EQ(e.cancellation_reasons()[1].code, "ConditionalCheckFailed");
  EXPECT_EQ(e.cancellation_reasons()[1].message, "The conditional request failed");
  EXPECT_EQ(e.cancellation_reasons()[1].item, (item{{"pk", "b"}, {"v", number(2)}}));
  EXPECT_EQ(e.cancellation_reasons()[2].code, "TransactionConflict");
}

TEST(error_response, a_damaged_reason_keeps_its_place) {
  const error e = parse_error_response(400, R"js({"__type":"x#TransactionCanceledException","message":"m",
      "CancellationReasons":[{"Code":"ConditionalCheckFailed","Item":{"pk":{"X":"?"}}},7,{"Code":"None"}]})js");
  ASSERT_EQ(e.cancellation_reasons().size(), 3u);
  EXPECT_EQ(e.cancellation_reasons()[0].code, "ConditionalCheckFailed");
  EXPECT_FALSE(e.cancellation_reasons()[0].item);
  EXPECT_EQ(e.cancellation_reasons()[1].code, "Unknown");
  EXPECT_FALSE(e.cancellation_reasons()[1].ok());
  EXPECT_TRUE(e.cancellation_reasons()[2].ok());
}

TEST(error_response, reasons_only_in_the_message_are_recovered_in_order) {
  const error e = parse_error_response(400, R"js({"__type":"x#TransactionCanceledException",
      "message":"Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]"})js");
  ASSERT_EQ(e.cancellation_reasons().size(), 2u);
  EXPECT_TRUE(e.cancellation_reasons()[0].ok());
  EXPECT_EQ(e.cancellation_reasons()[1].code, "ConditionalCheckFailed");
}

TEST(error_response, a_transaction_canceled_only_by_conflicts_stays_canceled) {
  const error e = parse_error_response(400, R"js({"__type":"x#TransactionCanceledException","message":"m",
      "CancellationReasons":[{"Code":"TransactionConflict"},{"Code":"None"},{"Code":"TransactionConflict"}]})js");
  EXPECT_EQ(e.code(), error_code::transaction_canceled);
  EXPECT_EQ(e.cancellation_reasons().size(), 3u);
}

}  // namespace
}  // namespace ddbkit

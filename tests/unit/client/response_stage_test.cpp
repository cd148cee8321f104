// The response stage alone: CRC check, error mapping and decoding, over a scripted exchange.
#include "client/request_path/response_stage.hpp"
#include "stage_testing.hpp"

#include <boost/crc.hpp>

#include <gmock/gmock.h>

namespace ddbkit {
namespace {

using namespace testing;

std::string crc_of(std::string_view body) {
  boost::crc_32_type crc;
  crc.process_bytes(body.data(), body.size());
  return std::to_string(crc.checksum());
}

http::response answer(int status, std::string body, std::vector<http::header> headers = {}) {
  headers.push_back({"x-amzn-RequestId", "rid-1"});
  return http::response{.status = status, .headers = std::move(headers), .body = std::move(body)};
}

struct response_stage_test : ::testing::Test {
  detail::attempt_outcome attempt(detail::call_state& call) {
    detail::response_stage stage(exchanges);
    return run_to_completion(stage.attempt(call));
  }
  fake_runtime rt;
  scripted_exchanges exchanges;
};

TEST_F(response_stage_test, a_2xx_body_with_a_matching_crc_is_decoded) {
  const std::string body = R"({"Item":{}})";
  exchanges.answer(answer(200, body, {{"x-amz-crc32", crc_of(body)}}));
  auto call = make_call(rt);
  std::string decoded;
  call.decode = [&](const http::response& r, detail::response_facts&) -> std::optional<error> {
    decoded = r.body;
    return std::nullopt;
  };
  auto out = attempt(call);
  EXPECT_FALSE(out.failure);
  EXPECT_EQ(decoded, body);
  EXPECT_EQ(out.http_status, 200);
  EXPECT_EQ(out.request_id, "rid-1");
  EXPECT_EQ(out.latency, 3ms);
}

TEST_F(response_stage_test, a_crc_mismatch_is_a_failure_whose_outcome_is_unknown) {
  exchanges.answer(answer(200, "{}", {{"x-amz-crc32", "1"}}));
  auto call = make_call(rt);
  bool decoded = false;
  call.decode = [&](const http::response&, detail::response_facts&) -> std::optional<error> {
    decoded = true;
    return std::nullopt;
  };
  auto out = attempt(call);
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->code(), error_code::crc_mismatch);
  EXPECT_TRUE(out.failure->outcome_unknown());
  EXPECT_EQ(out.failure->request_id(), "rid-1");
  EXPECT_FALSE(decoded) << "a damaged body is never decoded";
  EXPECT_EQ(classify(*out.failure), failure_class::transient);
}

TEST_F(response_stage_test, an_unreadable_crc_header_is_a_mismatch_and_a_missing_one_is_fine) {
  EXPECT_TRUE(detail::check_crc32(answer(200, "{}", {{"x-amz-crc32", "12ab"}})));
  EXPECT_FALSE(detail::check_crc32(answer(200, "{}")));
}

TEST_F(response_stage_test, an_error_status_is_mapped_with_its_request_id) {
  exchanges.answer(answer(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",)"
                               R"("message":"The conditional request failed"})"));
  auto call = make_call(rt);
  auto out = attempt(call);
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->code(), error_code::conditional_check_failed);
  EXPECT_EQ(out.failure->http_status(), 400);
  EXPECT_EQ(out.failure->request_id(), "rid-1");
}

TEST_F(response_stage_test, a_body_that_does_not_decode_is_the_decoders_error) {
  exchanges.answer(answer(200, "{}"));
  auto call = make_call(rt);
  call.decode = [](const http::response&, detail::response_facts&) -> std::optional<error> {
    return error(error_code::serialization, "Count: missing");
  };
  auto out = attempt(call);
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->code(), error_code::serialization);
  EXPECT_EQ(classify(*out.failure), failure_class::permanent);
}

TEST_F(response_stage_test, a_transport_failure_passes_through_with_whether_it_was_sent) {
  exchanges.fail(error(error_code::credentials, "none"), false);
  auto call = make_call(rt);
  auto out = attempt(call);
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->code(), error_code::credentials);
  EXPECT_FALSE(out.sent);
  EXPECT_EQ(out.http_status, 0);
}

}  // namespace
}  // namespace ddbkit

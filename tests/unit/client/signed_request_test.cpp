// The signed request's two forms: the wire written in one pass must be, byte for byte,
// what the general signer (checked against AWS's test suite in unit_auth) and the request
// writer make of the same request.
#include "client/request_path/signed_request.hpp"
#include "http/request_writer.hpp"

#include <ddbkit/http/endpoint.hpp>

#include <gmock/gmock.h>
#include <rapidcheck/gtest.h>

#include <chrono>

namespace ddbkit {
namespace {

using namespace std::chrono_literals;
using detail::dynamodb_request;

credentials keys(std::string id, std::string secret, std::string token = {}) {
  return credentials{.access_key_id = std::move(id), .secret_access_key = secret_string(std::move(secret)),
                     .session_token = secret_string(std::move(token)), .expiration = std::nullopt};
}

sigv4::signing_scope scope_at(std::string_view region, std::chrono::system_clock::time_point time) {
  return sigv4::signing_scope{.region = region, .service = "dynamodb", .time = time};
}

/// What the general path sends for the same request.
std::string general_wire(const dynamodb_request& req, const credentials& creds, const sigv4::signing_scope& scope,
                         sigv4::signing_key_cache& keys_cache) {
  auto ep = http::endpoint::parse("http://" + std::string(req.host_header));
  EXPECT_TRUE(ep) << req.host_header;
  auto wire = http::detail::write_request(detail::signed_request(req, creds, scope, keys_cache), *ep);
  EXPECT_TRUE(wire);
  return wire.value_or("");
}

const auto day_one = std::chrono::sys_days(std::chrono::year(2015) / 8 / 30) + 12h + 36min;

TEST(signed_wire, is_the_general_requests_bytes_with_and_without_a_session_token) {
  sigv4::signing_key_cache cache;
  const dynamodb_request req{.host_header = "127.0.0.1:8000", .operation = "GetItem",
                             .body = R"({"TableName":"t","Key":{"pk":{"S":"a"}}})"};
  for (const auto& creds : {keys("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                            keys("ASIAEXAMPLE", "secret", "FwoGZXIvYXdzEJr//////////wEaDOZ+token=")}) {
    const auto scope = scope_at("us-east-1", day_one);
    const auto fast = detail::signed_wire(req, creds, scope, cache);
    ASSERT_TRUE(fast);
    EXPECT_EQ(*fast, general_wire(req, creds, scope, cache));
    EXPECT_THAT(*fast, ::testing::StartsWith("POST / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n"));
    EXPECT_THAT(*fast, ::testing::EndsWith("\r\nContent-Length: 40\r\n\r\n" + std::string(req.body)));
    EXPECT_EQ(fast->find("X-Amz-Security-Token") != std::string::npos, !creds.session_token.empty());
  }
}

TEST(signed_wire, follows_the_day_and_the_key_across_a_midnight_and_a_rotation) {
  sigv4::signing_key_cache cache;
  const dynamodb_request req{.host_header = "dynamodb.eu-west-1.amazonaws.com", .operation = "PutItem", .body = "{}"};
  const auto first = keys("AKIDEXAMPLE", "first-secret");
  const auto rotated = keys("AKIDEXAMPLE", "second-secret");
  for (const auto time : {day_one, day_one + 12h, day_one + 24h}) {
    for (const auto* creds : {&first, &rotated, &first}) {
      const auto scope = scope_at("eu-west-1", time);
      const auto fast = detail::signed_wire(req, *creds, scope, cache);
      ASSERT_TRUE(fast);
      sigv4::signing_key_cache fresh;  // the general path with a key derived anew
      EXPECT_EQ(*fast, general_wire(req, *creds, scope, fresh));
    }
  }
}

TEST(signed_wire, a_region_longer_than_the_stack_text_is_still_signed_alike) {
  sigv4::signing_key_cache cache;
  const std::string region(300, 'r');
  const dynamodb_request req{.host_header = "localhost:8000", .operation = "Query", .body = "{}"};
  const auto creds = keys("AKIDEXAMPLE", "secret");
  const auto scope = scope_at(region, day_one);
  const auto fast = detail::signed_wire(req, creds, scope, cache);
  ASSERT_TRUE(fast);
  EXPECT_EQ(*fast, general_wire(req, creds, scope, cache));
}

TEST(signed_wire, leaves_text_that_is_not_plain_and_scopes_beyond_dynamodbs_to_the_general_path) {
  sigv4::signing_key_cache cache;
  const dynamodb_request req{.host_header = "localhost:8000", .operation = "GetItem", .body = "{}"};
  const auto scope = scope_at("us-east-1", day_one);
  EXPECT_FALSE(detail::signed_wire(req, keys("AKID EXAMPLE", "s"), scope, cache));
  EXPECT_FALSE(detail::signed_wire(req, keys("AKIDEXAMPLE\r\nX-Evil: 1", "s"), scope, cache));
  EXPECT_FALSE(detail::signed_wire(req, keys("AKIDEXAMPLE", "s", " token "), scope, cache));
  EXPECT_FALSE(detail::signed_wire(req, keys("AKIDEXAMPLE", "s", "tok\nen"), scope, cache));
  EXPECT_FALSE(detail::signed_wire(req, keys("AKIDEXAMPLE", "s"), scope_at("us east", day_one), cache));
  auto signing_body = scope;
  signing_body.sign_body = true;
  EXPECT_FALSE(detail::signed_wire(req, keys("AKIDEXAMPLE", "s"), signing_body, cache));
  auto without_token = scope;
  without_token.omit_session_token = true;
  EXPECT_FALSE(detail::signed_wire(req, keys("AKIDEXAMPLE", "s", "t"), without_token, cache));
  // The general path then speaks: a line break in a header value is refused, not sent.
  auto ep = http::endpoint::parse("http://localhost:8000");
  ASSERT_TRUE(ep);
  EXPECT_FALSE(http::detail::write_request(
      detail::signed_request(req, keys("AKIDEXAMPLE\r\nX-Evil: 1", "s"), scope, cache), *ep));
}

/// Printable ASCII without spaces, never empty: what the one-pass writer takes on.
rc::Gen<std::string> plain_text() {
  return rc::gen::nonEmpty(rc::gen::container<std::string>(rc::gen::inRange<char>('!', '~' + 1)));
}

RC_GTEST_PROP(signed_wire, equals_the_general_path_for_any_plain_request, ()) {
  const auto body = *rc::gen::arbitrary<std::string>();
  const auto operation = *rc::gen::element<std::string>("GetItem", "PutItem", "BatchWriteItem", "ExecuteStatement");
  const auto port = *rc::gen::inRange(1, 65536);
  const auto id = *plain_text();
  const auto secret = *rc::gen::arbitrary<std::string>();
  const auto token = *rc::gen::oneOf(rc::gen::just(std::string()), plain_text());
  const auto region = *plain_text();
  const auto seconds = *rc::gen::inRange(0, 400 * 24 * 3600);
  // As the client has it: from its endpoint, which leaves out a default port (":80").
  const std::string host = http::endpoint::parse("http://127.0.0.1:" + std::to_string(port))->host_header();
  const dynamodb_request req{.host_header = host, .operation = operation, .body = body};
  const auto creds = keys(id, secret, token);
  const auto scope = scope_at(region, day_one + std::chrono::seconds(seconds));
  sigv4::signing_key_cache cache;
  const auto fast = detail::signed_wire(req, creds, scope, cache);
  RC_ASSERT(fast.has_value());
  RC_ASSERT(*fast == general_wire(req, creds, scope, cache));
}

}  // namespace
}  // namespace ddbkit

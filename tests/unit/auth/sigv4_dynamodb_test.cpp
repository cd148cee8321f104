#include <ddbkit/auth/sigv4_signer.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace ddbkit::sigv4 {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const auto fixed_time = std::chrono::system_clock::time_point(std::chrono::seconds(1440938160));  // 20150830T123600Z

credentials keys(std::string token = {}) {
  return credentials{.access_key_id = "AKIDEXAMPLE",
                     .secret_access_key = secret_string("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                     .session_token = secret_string(std::move(token)),
                     .expiration = std::nullopt};
}

signable_request get_item(std::string_view body) {
  return signable_request{.method = "POST", .path = "/", .query = {},
                          .headers = {{"Content-Type", "application/x-amz-json-1.0"},
                                      {"Host", "dynamodb.eu-west-1.amazonaws.com"},
                                      {"X-Amz-Target", "DynamoDB_20120810.GetItem"}},
                          .payload = body};
}

const signing_scope dynamodb_scope{.region = "eu-west-1", .service = "dynamodb", .time = fixed_time};

TEST(sigv4_dynamodb, signs_the_json_headers_and_the_date) {
  auto sig = sign(get_item(R"({"TableName":"t"})"), keys(), dynamodb_scope);
  EXPECT_EQ(sig.amz_date, "20150830T123600Z");
  EXPECT_THAT(sig.authorization,
              HasSubstr("Credential=AKIDEXAMPLE/20150830/eu-west-1/dynamodb/aws4_request, "
                        "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="));
  EXPECT_TRUE(sig.security_token.empty());
}

TEST(sigv4_dynamodb, session_token_is_signed_and_returned) {
  auto sig = sign(get_item("{}"), keys("token-123"), dynamodb_scope);
  EXPECT_THAT(sig.authorization, HasSubstr("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target"));
  EXPECT_EQ(sig.security_token, "token-123");
  EXPECT_THAT(sig.canonical_request, HasSubstr("x-amz-security-token:token-123\n"));
}

TEST(sigv4_dynamodb, a_different_body_gives_a_different_signature) {
  auto a = sign(get_item(R"({"TableName":"a"})"), keys(), dynamodb_scope);
  auto b = sign(get_item(R"({"TableName":"b"})"), keys(), dynamodb_scope);
  EXPECT_NE(a.authorization, b.authorization);
  auto again = sign(get_item(R"({"TableName":"a"})"), keys(), dynamodb_scope);
  EXPECT_EQ(a.authorization, again.authorization);
}

TEST(sigv4_dynamodb, the_secret_never_appears_in_what_is_sent_or_printed) {
  const std::string secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  auto sig = sign(get_item("{}"), keys("session-secret"), dynamodb_scope);
  EXPECT_THAT(sig.authorization, Not(HasSubstr(secret)));
  EXPECT_THAT(sig.canonical_request, Not(HasSubstr(secret)));
  EXPECT_THAT(sig.string_to_sign, Not(HasSubstr(secret)));
  std::ostringstream printed;
  printed << keys("session-secret") << " " << secret_string(secret);
  EXPECT_THAT(printed.str(), Not(HasSubstr(secret)));
  EXPECT_THAT(printed.str(), Not(HasSubstr("session-secret")));
  EXPECT_THAT(printed.str(), HasSubstr("AKIDEXAMPLE"));
}

TEST(sigv4_dynamodb, sha256_hex_of_the_empty_string) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(secret_string, moved_from_is_empty_and_equality_compares_values) {
  secret_string a("x1"), b("x1"), c("x2");
  EXPECT_EQ(a, b);
  EXPECT_FALSE(a == c);
  secret_string d(std::move(a));
  EXPECT_EQ(d.reveal(), "x1");
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): wiping is the behaviour under test
}

}  // namespace
}  // namespace ddbkit::sigv4

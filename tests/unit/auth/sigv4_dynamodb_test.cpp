#include <ddbkit/auth/sigv4_signer.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <sstream>
#include <thread>
#include <vector>

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

TEST(signing_key_cache, signs_exactly_as_without_it_and_derives_once_a_day) {
  signing_key_cache cache;
  EXPECT_EQ(cache.derivations(), 0u);
  for (const auto* body : {R"({"TableName":"a"})", R"({"TableName":"b"})", R"({"TableName":"a"})"}) {
    const auto cached = sign(get_item(body), keys(), dynamodb_scope, cache);
    const auto plain = sign(get_item(body), keys(), dynamodb_scope);
    EXPECT_EQ(cached.authorization, plain.authorization);
    EXPECT_EQ(cached.string_to_sign, plain.string_to_sign);
  }
  EXPECT_EQ(cache.derivations(), 1u);

  // Later the same UTC day: the same key. The next day: a new one.
  auto evening = dynamodb_scope;
  evening.time = fixed_time + std::chrono::hours(11);  // 23:36Z
  EXPECT_EQ(sign(get_item("{}"), keys(), evening, cache).authorization, sign(get_item("{}"), keys(), evening).authorization);
  EXPECT_EQ(cache.derivations(), 1u);
  auto next_day = dynamodb_scope;
  next_day.time = fixed_time + std::chrono::hours(12);  // 00:36Z on the 31st
  const auto tomorrow = sign(get_item("{}"), keys(), next_day, cache);
  EXPECT_EQ(tomorrow.authorization, sign(get_item("{}"), keys(), next_day).authorization);
  EXPECT_THAT(tomorrow.authorization, HasSubstr("/20150831/eu-west-1/dynamodb/aws4_request"));
  EXPECT_EQ(cache.derivations(), 2u);
}

TEST(signing_key_cache, a_new_secret_region_or_service_derives_a_new_key) {
  signing_key_cache cache;
  const auto first = sign(get_item("{}"), keys(), dynamodb_scope, cache);

  auto rotated = keys();
  rotated.secret_access_key = secret_string("rotated-secret");
  const auto after_rotation = sign(get_item("{}"), rotated, dynamodb_scope, cache);
  EXPECT_EQ(after_rotation.authorization, sign(get_item("{}"), rotated, dynamodb_scope).authorization);
  EXPECT_NE(after_rotation.authorization, first.authorization);
  EXPECT_EQ(cache.derivations(), 2u);

  auto other_region = dynamodb_scope;
  other_region.region = "us-east-1";
  EXPECT_EQ(sign(get_item("{}"), rotated, other_region, cache).authorization,
            sign(get_item("{}"), rotated, other_region).authorization);
  EXPECT_EQ(cache.derivations(), 3u);

  auto other_service = dynamodb_scope;
  other_service.service = "sts";
  EXPECT_EQ(sign(get_item("{}"), rotated, other_service, cache).authorization,
            sign(get_item("{}"), rotated, other_service).authorization);
  EXPECT_EQ(cache.derivations(), 4u);

  // A session token or key id of its own does not change the signing key.
  auto with_token = keys("a-token");
  with_token.access_key_id = "ASIAOTHER";
  EXPECT_EQ(sign(get_item("{}"), with_token, dynamodb_scope, cache).authorization,
            sign(get_item("{}"), with_token, dynamodb_scope).authorization);
  EXPECT_EQ(cache.derivations(), 5u);  // back from sts to dynamodb
  EXPECT_EQ(sign(get_item("{}"), keys(), dynamodb_scope, cache).authorization, first.authorization);
  EXPECT_EQ(cache.derivations(), 5u);
}

TEST(signing_key_cache, concurrent_signers_share_one_derivation) {
  signing_key_cache cache;
  const std::string expected = sign(get_item("{}"), keys(), dynamodb_scope).authorization;
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (sign(get_item("{}"), keys(), dynamodb_scope, cache).authorization != expected) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
  EXPECT_EQ(cache.derivations(), 1u);
}

/// HMAC-SHA256 by OpenSSL's own one-call HMAC: an implementation the signer does not use.
std::string openssl_hmac(std::string_view key, std::string_view data) {
  unsigned char out[32];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &size);
  return std::string(reinterpret_cast<const char*>(out), size);
}

TEST(sigv4_dynamodb, a_secret_longer_than_a_hash_block_signs_as_openssl_hmac_does) {
  // "AWS4" + secret is longer than SHA-256's 64-byte block: HMAC hashes such a key first.
  const std::string secret(100, 'k');
  credentials creds = keys();
  creds.secret_access_key = secret_string(secret);
  std::string key = openssl_hmac("AWS4" + secret, "20150830");
  key = openssl_hmac(key, "eu-west-1");
  key = openssl_hmac(key, "dynamodb");
  key = openssl_hmac(key, "aws4_request");

  const auto plain = sign(get_item(R"({"TableName":"t"})"), creds, dynamodb_scope);
  std::string expected;
  for (const unsigned char c : openssl_hmac(key, plain.string_to_sign)) {
    expected += "0123456789abcdef"[c >> 4];
    expected += "0123456789abcdef"[c & 15];
  }
  EXPECT_THAT(plain.authorization, ::testing::EndsWith("Signature=" + expected));
  signing_key_cache cache;
  EXPECT_EQ(sign(get_item(R"({"TableName":"t"})"), creds, dynamodb_scope, cache).authorization, plain.authorization);
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

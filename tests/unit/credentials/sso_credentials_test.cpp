// IAM Identity Center (SSO) profiles: the login cache, the portal call, expiry and errors.
#include <ddbkit/credentials/default_chain.hpp>
#include <ddbkit/credentials/profile_credentials.hpp>

#include "unit/credentials/credentials_test_support.hpp"

#include <gmock/gmock.h>

namespace ddbkit {
namespace {

using namespace testing;

// The cache file names `aws sso login` uses: SHA-1 of the session name, or of the start URL
// of a legacy profile (computed independently, with Python's hashlib).
constexpr std::string_view corp_session_cache = ".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";
constexpr std::string_view legacy_url_cache = ".aws/sso/cache/79e435d7a515078e81c9dffc35f38d5687ebd3a7.json";

constexpr std::string_view session_config =
    "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin+Ops\n"
    "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n";

/// A login cache entry as `aws sso login` writes it (test_now is 2026-11-25T10:00:00Z).
std::string token_cache(std::string_view token, std::string_view expires_at = "2026-11-25T18:00:00Z") {
  return R"({"startUrl":"https://corp.awsapps.com/start","region":"eu-west-1","accessToken":")" + std::string(token) +
         R"(","expiresAt":")" + std::string(expires_at) + R"("})";
}

std::string role_credentials(std::string_view key_id, time_point expires) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(expires.time_since_epoch()).count();
  return R"({"roleCredentials":{"accessKeyId":")" + std::string(key_id) +
         R"(","secretAccessKey":"SSOSECRET","sessionToken":"SSOSESSION","expiration":)" + std::to_string(ms) + "}}";
}

struct sso_bench {
  recording_server portal{
      [](const server_request&) { return server_reply{.body = role_credentials("ASIASSO", test_now + 1h)}; }};
  temp_dir home;
  provider_harness h;
  env_vars vars{{"HOME", home.path().string()}, {"AWS_ENDPOINT_URL_SSO", portal.url()}};

  explicit sso_bench(std::string_view config = session_config) { home.write(".aws/config", config); }

  result<credentials> get(std::string_view profile_name = "dev") {
    auto config = shared_config::load(fake_env(vars));
    if (!config) return std::unexpected(config.error());
    auto provider = make_profile_provider(h.net(), *config, profile_name, fake_env(vars));
    if (!provider) return std::unexpected(provider.error());
    if (!*provider) return fail(error_code::credentials, "test: no provider");
    return h.get(**provider);
  }
};

TEST(sso_credentials, a_profile_with_an_sso_session_gets_role_credentials_with_the_cached_token) {
  sso_bench b;
  b.home.write(corp_session_cache, token_cache("CACHEDTOKEN"));
  auto creds = b.get();
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "ASIASSO");
  EXPECT_EQ(creds->secret_access_key.reveal(), "SSOSECRET");
  EXPECT_EQ(creds->session_token.reveal(), "SSOSESSION");
  EXPECT_EQ(creds->expiration, test_now + 1h);

  const auto requests = b.portal.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target, "/federation/credentials?account_id=111122223333&role_name=Admin%2BOps");
  EXPECT_EQ(requests[0].header("x-amz-sso_bearer_token"), "CACHEDTOKEN");
}

TEST(sso_credentials, a_legacy_profile_names_its_cache_by_the_start_url) {
  sso_bench b("[profile old]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = us-east-1\n"
              "sso_account_id = 999\nsso_role_name = Reader\n");
  // Older CLI versions wrote "UTC" instead of "Z".
  b.home.write(legacy_url_cache, R"({"accessToken":"LEGACYTOKEN","expiresAt":"2026-11-25T18:00:00UTC"})");
  auto creds = b.get("old");
  ASSERT_TRUE(creds) << creds.error();
  ASSERT_EQ(b.portal.count(), 1u);
  EXPECT_EQ(b.portal.requests()[0].header("x-amz-sso_bearer_token"), "LEGACYTOKEN");
  EXPECT_EQ(b.portal.requests()[0].target, "/federation/credentials?account_id=999&role_name=Reader");
}

TEST(sso_credentials, a_far_future_expiration_is_clamped_not_overflowed) {
  sso_bench b;
  b.portal.set_respond([](const server_request&) {
    return server_reply{.body = R"({"roleCredentials":{"accessKeyId":"ASIAFAR","secretAccessKey":"S",)"
                                R"("expiration":32503680000000}})"};  // 3000-01-01T00:00:00Z
  });
  b.home.write(corp_session_cache, token_cache("TOKEN"));
  auto creds = b.get();
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->expiration, std::chrono::system_clock::time_point::max());
}

TEST(sso_credentials, refreshes_read_the_token_cache_again) {
  sso_bench b;
  b.home.write(corp_session_cache, token_cache("FIRSTTOKEN"));
  auto config = shared_config::load(fake_env(b.vars));
  ASSERT_TRUE(config);
  auto provider = make_profile_provider(b.h.net(), *config, "dev", fake_env(b.vars));
  ASSERT_TRUE(provider && *provider);
  ASSERT_TRUE(b.h.get(**provider));
  ASSERT_TRUE(b.h.get(**provider));
  EXPECT_EQ(b.portal.count(), 1u) << "cached until close to expiry";

  b.home.write(corp_session_cache, token_cache("SECONDTOKEN"));  // a new `aws sso login`
  b.h.now = test_now + 59min;                                                    // inside the refresh margin
  ASSERT_TRUE(b.h.get(**provider));
  ASSERT_EQ(b.portal.count(), 2u);
  EXPECT_EQ(b.portal.requests()[1].header("x-amz-sso_bearer_token"), "SECONDTOKEN");
}

TEST(sso_credentials, an_expired_or_missing_token_asks_for_a_login_and_sends_nothing) {
  sso_bench expired;
  expired.home.write(corp_session_cache, token_cache("OLDTOKEN", "2026-11-25T09:59:00Z"));
  auto e1 = expired.get();
  ASSERT_FALSE(e1);
  EXPECT_EQ(e1.error().code(), error_code::credentials);
  EXPECT_THAT(printed(e1.error()), ::testing::HasSubstr("has expired; run `aws sso login`"));
  EXPECT_THAT(printed(e1.error()), ::testing::Not(::testing::HasSubstr("OLDTOKEN")));
  EXPECT_EQ(expired.portal.count(), 0u);

  sso_bench missing;
  auto e2 = missing.get();
  ASSERT_FALSE(e2);
  EXPECT_THAT(printed(e2.error()), ::testing::HasSubstr("SSO token cache: cannot read"));
  EXPECT_THAT(printed(e2.error()), ::testing::HasSubstr("aws sso login"));
  EXPECT_EQ(missing.portal.count(), 0u);
}

TEST(sso_credentials, a_refused_token_is_a_credentials_error_without_the_token) {
  sso_bench b;
  b.portal.set_respond([](const server_request&) { return server_reply{.status = 401, .body = R"({"message":"x"})"}; });
  b.home.write(corp_session_cache, token_cache("REFUSEDTOKEN"));
  auto creds = b.get();
  ASSERT_FALSE(creds);
  EXPECT_EQ(creds.error().code(), error_code::credentials);
  EXPECT_EQ(creds.error().http_status(), 401);
  EXPECT_THAT(printed(creds.error()), ::testing::HasSubstr("refused"));
  EXPECT_THAT(printed(creds.error()), ::testing::Not(::testing::HasSubstr("REFUSEDTOKEN")));
}

TEST(sso_credentials, incomplete_profiles_are_errors_naming_what_is_missing) {
  sso_bench no_role("[profile dev]\nsso_session = corp\nsso_account_id = 1\n"
                    "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n");
  auto e1 = no_role.get();
  ASSERT_FALSE(e1);
  EXPECT_THAT(printed(e1.error()), ::testing::HasSubstr("profile dev: SSO needs sso_role_name"));

  sso_bench no_section("[profile dev]\nsso_session = gone\nsso_account_id = 1\nsso_role_name = R\n");
  auto e2 = no_section.get();
  ASSERT_FALSE(e2);
  EXPECT_THAT(printed(e2.error()), ::testing::HasSubstr("has no [sso-session gone] section"));
  EXPECT_EQ(no_section.portal.count(), 0u);
}

TEST(sso_credentials, the_default_chain_resolves_an_sso_profile_before_its_static_keys) {
  sso_bench b(std::string(session_config) + "aws_access_key_id = AKIDSTATIC\naws_secret_access_key = S\n");
  b.home.write(corp_session_cache, token_cache("CHAINTOKEN"));
  b.vars["AWS_PROFILE"] = "dev";
  b.vars["AWS_EC2_METADATA_DISABLED"] = "true";
  auto chain = make_default_credentials_chain(b.h.net(), fake_env(b.vars));
  auto creds = b.h.get(*chain);
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "ASIASSO");
}

}  // namespace
}  // namespace ddbkit

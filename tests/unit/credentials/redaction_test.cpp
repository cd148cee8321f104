// Secrets never appear in errors: every provider's failure modes, fed answers and files
// that contain secrets, must produce error text without them.
#include <ddbkit/auth/credential_process.hpp>
#include <ddbkit/auth/environment_credentials.hpp>
#include <ddbkit/credentials/container_credentials.hpp>
#include <ddbkit/credentials/default_chain.hpp>
#include <ddbkit/credentials/imds_credentials.hpp>
#include <ddbkit/credentials/profile_credentials.hpp>
#include <ddbkit/credentials/sso_credentials.hpp>
#include <ddbkit/credentials/sts_credentials.hpp>

#include "unit/credentials/credentials_test_support.hpp"

namespace ddbkit {
namespace {

using namespace testing;

constexpr std::string_view secret_marker = "LEAKED";

void expect_redacted(const result<credentials>& r, const std::string& scenario) {
  ASSERT_FALSE(r) << scenario << ": expected a failure";
  EXPECT_EQ(r.error().code(), error_code::credentials) << scenario;
  const std::string text = printed(r.error());
  EXPECT_EQ(text.find(secret_marker), std::string::npos) << scenario << " leaked: " << text;
  EXPECT_EQ(std::string(r.error().message()).find(secret_marker), std::string::npos) << scenario;
}

TEST(redaction, sts_failures_never_show_secrets_or_the_web_identity_token) {
  const std::vector<std::pair<std::string, server_reply>> replies = {
      {"no session token", {.body = "<R><Credentials><AccessKeyId>ASIA</AccessKeyId><SecretAccessKey>LEAKEDSECRET"
                                    "</SecretAccessKey><Expiration>2026-11-25T11:00:00Z</Expiration></Credentials></R>"}},
      {"bad expiration", {.body = sts_success("AssumeRole", "ASIA", "LEAKEDSECRET", "LEAKEDTOKEN", "LEAKEDTIME")}},
      {"bad entity", {.body = sts_success("AssumeRole", "ASIA", "LEAKED&nope;SECRET", "LEAKEDTOKEN")}},
      {"no access key", {.body = sts_success("AssumeRole", "", "LEAKEDSECRET", "LEAKEDTOKEN")}},
      {"not xml", {.body = "LEAKEDSECRET LEAKEDTOKEN"}},
      {"error without xml", {.status = 400, .body = "bad token LEAKEDWEBTOKEN"}},
      {"truncated", {.body = "<Credentials><SecretAccessKey>LEAKEDSECRET"}},
  };
  temp_dir dir;
  const auto token_file = dir.write("token", "LEAKEDWEBTOKEN");
  for (const auto& [scenario, reply] : replies) {
    recording_server sts([reply](const server_request&) { return reply; });
    provider_harness h;
    auto source = std::make_shared<static_credentials_provider>(credentials{
        .access_key_id = "AKID", .secret_access_key = secret_string("LEAKEDSOURCE"), .session_token = {},
        .expiration = std::nullopt});
    auto role = make_assume_role_provider(h.net(), "arn:aws:iam::1:role/r", "", source, {.endpoint = sts.url()});
    expect_redacted(h.get(*role), "AssumeRole: " + scenario);
    auto web = make_web_identity_provider(h.net(), "arn:aws:iam::1:role/r", token_file, {.endpoint = sts.url()});
    expect_redacted(h.get(*web), "AssumeRoleWithWebIdentity: " + scenario);
  }
}

TEST(redaction, container_and_imds_failures_never_show_secrets_or_tokens) {
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"not json", R"js({"AccessKeyId": "ASIA", "SecretAccessKey": "LEAKEDSECRET")js"},
      {"no key id", R"js({"SecretAccessKey": "LEAKEDSECRET", "Token": "LEAKEDTOKEN"})js"},
      {"no secret", R"js({"AccessKeyId": "ASIA", "Token": "LEAKEDTOKEN"})js"},
      {"bad expiration", metadata_json("ASIA", "LEAKEDSECRET", "LEAKEDTOKEN", "LEAKEDTIME")},
      {"number secret", R"js({"AccessKeyId": "ASIA", "SecretAccessKey": 12345, "Token": "LEAKEDTOKEN"})js"},
  };
  for (const auto& [scenario, body] : bodies) {
    recording_server server([body = body](const server_request& r) {
      if (r.method == "PUT") return server_reply{.body = "LEAKEDIMDSTOKEN"};
      if (r.target == "/latest/meta-data/iam/security-credentials/") return server_reply{.body = "role"};
      return server_reply{.body = body};
    });
    provider_harness h;
    auto container = make_container_provider(h.net(), {.url = server.url() + "/c", .authorization_token = "LEAKEDAUTH"});
    expect_redacted(h.get(*container), "container: " + scenario);
    auto imds = make_imds_provider(h.net(), {.endpoint = server.url()});
    expect_redacted(h.get(*imds), "IMDS: " + scenario);
  }
  // An error status after the session token was issued: neither the token nor the body.
  recording_server refusing([](const server_request& r) {
    if (r.method == "PUT") return server_reply{.body = "LEAKEDIMDSTOKEN"};
    return server_reply{.status = 500, .body = "LEAKEDSECRET"};
  });
  provider_harness h;
  auto imds = make_imds_provider(h.net(), {.endpoint = refusing.url()});
  expect_redacted(h.get(*imds), "IMDS: status 500");
  auto container = make_container_provider(h.net(), {.url = refusing.url() + "/c", .authorization_token = "LEAKEDAUTH"});
  expect_redacted(h.get(*container), "container: status 500");
}

TEST(redaction, sso_failures_never_show_the_token_or_secrets) {
  // Portal answers that hold secrets, with a valid cached token.
  const std::vector<std::pair<std::string, server_reply>> replies = {
      {"not json", {.body = R"({"roleCredentials":{"accessKeyId":"ASIA","secretAccessKey":"LEAKEDSECRET")"}},
      {"no key id", {.body = R"({"roleCredentials":{"secretAccessKey":"LEAKEDSECRET","sessionToken":"LEAKEDTOKEN"}})"}},
      {"no secret", {.body = R"({"roleCredentials":{"accessKeyId":"ASIA","sessionToken":"LEAKEDTOKEN"}})"}},
      {"no roleCredentials", {.body = R"({"LEAKEDSECRET":1})"}},
      {"refused", {.status = 403, .body = R"({"message":"token LEAKEDTOKEN refused"})"}},
      {"server error", {.status = 500, .body = "LEAKEDSECRET"}},
  };
  // `sso_session = corp`: the cache file is named by SHA-1("corp").
  const std::string cache_file = "ee0bfd2552fbd840c02cc48b6e823320543c450f.json";
  for (const auto& [scenario, reply] : replies) {
    temp_dir cache;
    cache.write(cache_file, R"({"accessToken":"LEAKEDLOGINTOKEN","expiresAt":"2026-11-25T18:00:00Z"})");
    recording_server portal([reply](const server_request&) { return reply; });
    provider_harness h;
    auto sso = make_sso_provider(h.net(), {.start_url = "https://corp.awsapps.com/start", .region = "eu-west-1",
                                           .account_id = "1", .role_name = "r", .session_name = "corp",
                                           .cache_dir = cache.path().string(), .endpoint = portal.url()});
    expect_redacted(h.get(*sso), "SSO portal: " + scenario);
  }
  // Token caches that hold the token but cannot be used.
  const std::vector<std::pair<std::string, std::string>> caches = {
      {"expired", R"({"accessToken":"LEAKEDLOGINTOKEN","expiresAt":"2026-11-25T09:00:00Z"})"},
      {"bad time", R"({"accessToken":"LEAKEDLOGINTOKEN","expiresAt":"LEAKEDTIME"})"},
      {"not json", R"({"accessToken":"LEAKEDLOGINTOKEN")"},
      {"no expiry", R"({"accessToken":"LEAKEDLOGINTOKEN"})"},
  };
  for (const auto& [scenario, text] : caches) {
    temp_dir cache;
    cache.write(cache_file, text);
    recording_server portal([](const server_request&) { return server_reply{.status = 500}; });
    provider_harness h;
    auto sso = make_sso_provider(h.net(), {.start_url = "https://corp.awsapps.com/start", .region = "eu-west-1",
                                           .account_id = "1", .role_name = "r", .session_name = "corp",
                                           .cache_dir = cache.path().string(), .endpoint = portal.url()});
    expect_redacted(h.get(*sso), "SSO token cache: " + scenario);
    EXPECT_EQ(portal.count(), 0u) << scenario;
  }
}

TEST(redaction, files_environment_and_processes_never_show_secrets) {
  temp_dir dir;
  provider_harness h;
  // Half-set keys, in the environment and in a profile.
  auto from_env = credentials_from_environment(fake_env({{"AWS_SECRET_ACCESS_KEY", "LEAKEDSECRET"}}));
  ASSERT_FALSE(from_env);
  EXPECT_EQ(printed(from_env.error()).find(secret_marker), std::string::npos);

  auto config = shared_config::parse(
      "[profile proc]\ncredential_process = printf 'LEAKEDSECRET'; exit 1\n"
      "[profile badproc]\ncredential_process = printf '{\"Version\": 1, \"SecretAccessKey\": \"LEAKEDSECRET\"}'\n",
      "[half]\naws_secret_access_key = LEAKEDSECRET\n");
  auto half = make_profile_provider(h.net(), config, "half", fake_env({}));
  ASSERT_FALSE(half);
  EXPECT_EQ(printed(half.error()).find(secret_marker), std::string::npos) << half.error();
  for (const char* name : {"proc", "badproc"}) {
    auto provider = make_profile_provider(h.net(), config, name, fake_env({}));
    ASSERT_TRUE(provider && *provider) << name;
    expect_redacted(h.get(**provider), std::string("credential_process profile ") + name);
  }

  // The chain's final error, with secrets in the files it read.
  recording_server imds([](const server_request&) { return server_reply{.status = 404, .body = "LEAKEDSECRET"}; });
  dir.write(".aws/config", "[default]\nregion = eu-west-1\naws_secret_access_key_typo = LEAKEDSECRET\n");
  auto chain = make_default_credentials_chain(
      h.net(), fake_env({{"HOME", dir.path().string()}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()},
                         {"AWS_SESSION_TOKEN", "LEAKEDTOKEN"}}));
  expect_redacted(h.get(*chain), "chain: nothing found");
}

TEST(redaction, credentials_print_only_the_key_id) {
  credentials c{.access_key_id = "AKIDSHOWN", .secret_access_key = secret_string("LEAKEDSECRET"),
                .session_token = secret_string("LEAKEDTOKEN"), .expiration = test_now};
  std::ostringstream out;
  out << c;
  EXPECT_NE(out.str().find("AKIDSHOWN"), std::string::npos);
  EXPECT_EQ(out.str().find(secret_marker), std::string::npos) << out.str();
}

}  // namespace
}  // namespace ddbkit

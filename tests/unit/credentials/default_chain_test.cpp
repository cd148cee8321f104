#include <ddbkit/credentials/default_chain.hpp>

#include "unit/credentials/credentials_test_support.hpp"

namespace ddbkit {
namespace {

using namespace testing;

/// One local server playing every credentials service: STS (POST /), the container
/// endpoint (GET /container) and IMDS (/latest/...).
server_reply services(const server_request& r) {
  if (r.method == "POST" && r.target == "/") {
    const auto form = parse_form(r.body);
    const auto& action = form.at("Action");
    return server_reply{.body = sts_success(action, action == "AssumeRole" ? "ASIAROLE" : "ASIAWEB", "STSSECRET",
                                            "STSTOKEN")};
  }
  if (r.target == "/container") return server_reply{.body = metadata_json("ASIACONT", "CONTSECRET", "CONTTOKEN")};
  if (r.method == "PUT" && r.target == "/latest/api/token") return server_reply{.body = "IMDSSESSION"};
  if (r.target == "/latest/meta-data/iam/security-credentials/") return server_reply{.body = "role"};
  if (r.target == "/latest/meta-data/iam/security-credentials/role") {
    return server_reply{.body = metadata_json("ASIAIMDS", "IMDSSECRET", "IMDSTOKEN")};
  }
  return server_reply{.status = 404};
}

/// The chain's test bench: a HOME of its own (so the user's ~/.aws never counts), IMDS and
/// STS on the local server.
struct chain_bench {
  recording_server server{services};
  temp_dir home;
  provider_harness h;
  env_vars vars{{"HOME", home.path().string()},
                {"AWS_REGION", "eu-west-1"},
                {"AWS_ENDPOINT_URL_STS", server.url()},
                {"AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url()}};

  result<credentials> get() {
    auto chain = make_default_credentials_chain(h.net(), fake_env(vars));
    return h.get(*chain);
  }
  void credentials_file(std::string_view text) { home.write(".aws/credentials", text); }
  std::vector<std::string> targets() const {
    std::vector<std::string> out;
    for (const auto& r : server.requests()) out.push_back(r.method + " " + r.target);
    return out;
  }
};

TEST(default_chain, environment_keys_come_first) {
  chain_bench b;
  b.vars["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  b.vars["AWS_SECRET_ACCESS_KEY"] = "ENVSECRET";
  b.vars["AWS_WEB_IDENTITY_TOKEN_FILE"] = b.home.write("token", "WEB");
  b.vars["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/r";
  b.vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = b.server.url() + "/container";
  b.credentials_file("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = FILESECRET\n");
  auto creds = b.get();
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "AKIDENV");
  EXPECT_EQ(b.server.count(), 0u);
}

TEST(default_chain, a_configured_but_broken_link_is_an_error_not_a_fallthrough) {
  chain_bench b;
  b.vars["AWS_ACCESS_KEY_ID"] = "AKIDENV";  // without its secret
  b.credentials_file("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = FILESECRET\n");
  auto creds = b.get();
  ASSERT_FALSE(creds);
  EXPECT_EQ(creds.error().code(), error_code::credentials);
  EXPECT_NE(printed(creds.error()).find("AWS_SECRET_ACCESS_KEY"), std::string::npos) << creds.error();
}

TEST(default_chain, web_identity_wins_although_aws_role_arn_is_set) {
  chain_bench b;
  b.vars["AWS_WEB_IDENTITY_TOKEN_FILE"] = b.home.write("token", "WEBTOKEN");
  b.vars["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/web";
  b.vars["AWS_ROLE_SESSION_NAME"] = "pod-1";
  b.credentials_file("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = FILESECRET\n");
  auto creds = b.get();
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "ASIAWEB");
  const auto requests = b.server.requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto form = parse_form(requests[0].body);
  EXPECT_EQ(form.at("Action"), "AssumeRoleWithWebIdentity");
  EXPECT_EQ(form.at("RoleSessionName"), "pod-1");
  EXPECT_EQ(form.at("WebIdentityToken"), "WEBTOKEN");
}

TEST(default_chain, token_file_without_role_arn_is_an_error) {
  chain_bench b;
  b.vars["AWS_WEB_IDENTITY_TOKEN_FILE"] = b.home.write("token", "WEBTOKEN");
  auto creds = b.get();
  ASSERT_FALSE(creds);
  EXPECT_NE(printed(creds.error()).find("AWS_ROLE_ARN"), std::string::npos) << creds.error();
}

TEST(default_chain, profile_comes_before_assume_role_container_and_imds) {
  chain_bench b;
  b.vars["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/r";
  b.vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = b.server.url() + "/container";
  b.credentials_file("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = FILESECRET\n");
  auto creds = b.get();
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "AKIDFILE");
  EXPECT_EQ(b.server.count(), 0u);
}

TEST(default_chain, aws_profile_selects_a_profile_from_the_named_files) {
  chain_bench b;
  b.vars["AWS_PROFILE"] = "dev";
  b.vars["AWS_SHARED_CREDENTIALS_FILE"] = b.home.write("elsewhere/creds", "[dev]\naws_access_key_id = AKIDDEV\n"
                                                                        "aws_secret_access_key = DEVSECRET\n");
  b.vars["AWS_CONFIG_FILE"] = b.home.write("elsewhere/config", "[profile other]\nregion = x\n");
  b.credentials_file("[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = S\n");
  auto creds = b.get();
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "AKIDDEV");
}

TEST(default_chain, a_missing_aws_profile_is_an_error_and_is_not_cached) {
  chain_bench b;
  b.vars["AWS_PROFILE"] = "dev";
  b.vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = b.server.url() + "/container";
  auto chain = make_default_credentials_chain(b.h.net(), fake_env(b.vars));
  auto first = b.h.get(*chain);
  ASSERT_FALSE(first) << "an asked-for profile that does not exist must not fall through to the container";
  EXPECT_NE(printed(first.error()).find("profile dev not found"), std::string::npos) << first.error();
  EXPECT_EQ(b.server.count(), 0u);

  b.credentials_file("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = DEVSECRET\n");
  auto second = b.h.get(*chain);
  ASSERT_TRUE(second) << second.error();
  EXPECT_EQ(second->access_key_id, "AKIDDEV");
}

TEST(default_chain, an_aws_profile_without_credentials_is_an_error_but_a_bare_default_is_skipped) {
  chain_bench b;
  b.home.write(".aws/config", "[default]\nregion = eu-west-1\n[profile dev]\nregion = eu-west-1\n");
  b.vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = b.server.url() + "/container";
  auto skipped = b.get();
  ASSERT_TRUE(skipped) << skipped.error();
  EXPECT_EQ(skipped->access_key_id, "ASIACONT");

  b.vars["AWS_PROFILE"] = "dev";
  auto asked = b.get();
  ASSERT_FALSE(asked);
  EXPECT_NE(printed(asked.error()).find("profile dev (AWS_PROFILE) has no credentials"), std::string::npos)
      << asked.error();
}

TEST(default_chain, profile_role_uses_sts_from_the_environment) {
  chain_bench b;
  b.home.write(".aws/config", "[default]\nrole_arn = arn:aws:iam::1:role/from-profile\nsource_profile = base\n");
  b.credentials_file("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = BASESECRET\n");
  auto creds = b.get();
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "ASIAROLE");
  const auto requests = b.server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(parse_form(requests[0].body).at("RoleArn"), "arn:aws:iam::1:role/from-profile");
  EXPECT_TRUE(requests[0].header("Authorization").starts_with("AWS4-HMAC-SHA256 Credential=AKIDBASE/20261125/eu-west-1/sts/"))
      << requests[0].header("Authorization");
}

TEST(default_chain, assume_role_from_environment_takes_its_source_from_the_container) {
  chain_bench b;
  b.vars["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/env-role";
  b.vars["AWS_EXTERNAL_ID"] = "ext-env";
  b.vars["AWS_ROLE_SESSION_NAME"] = "env-session";
  b.vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = b.server.url() + "/container";
  auto creds = b.get();
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "ASIAROLE");
  EXPECT_EQ(b.targets(), (std::vector<std::string>{"GET /container", "POST /"}));
  const auto sts = b.server.requests()[1];
  const auto form = parse_form(sts.body);
  EXPECT_EQ(form.at("Action"), "AssumeRole");
  EXPECT_EQ(form.at("RoleArn"), "arn:aws:iam::1:role/env-role");
  EXPECT_EQ(form.at("ExternalId"), "ext-env");
  EXPECT_EQ(form.at("RoleSessionName"), "env-session");
  EXPECT_TRUE(sts.header("Authorization").starts_with("AWS4-HMAC-SHA256 Credential=ASIACONT/")) << sts.header("Authorization");
  EXPECT_EQ(sts.header("X-Amz-Security-Token"), "CONTTOKEN");
}

TEST(default_chain, container_comes_before_imds) {
  chain_bench b;
  b.vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = b.server.url() + "/container";
  auto creds = b.get();
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "ASIACONT");
  EXPECT_EQ(b.targets(), (std::vector<std::string>{"GET /container"}));
}

TEST(default_chain, falls_through_to_imds) {
  chain_bench b;
  b.home.write(".aws/config", "[default]\nregion = eu-west-1\n");  // a profile without credentials
  auto creds = b.get();
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "ASIAIMDS");
  EXPECT_EQ(b.server.count(), 3u);
}

TEST(default_chain, when_imds_fails_too_the_error_lists_what_was_tried) {
  chain_bench b;
  b.server.set_respond([](const server_request&) { return server_reply{.status = 404}; });
  auto creds = b.get();
  ASSERT_FALSE(creds);
  EXPECT_EQ(creds.error().code(), error_code::credentials);
  const std::string text = printed(creds.error());
  for (const char* tried : {"environment", "web identity", "profile default", "assume role", "container",
                            "IMDS token: HTTP 404"}) {
    EXPECT_NE(text.find(tried), std::string::npos) << tried << " missing from: " << text;
  }
}

TEST(default_chain, imds_disabled_means_no_request) {
  chain_bench b;
  b.vars["AWS_EC2_METADATA_DISABLED"] = "true";
  auto creds = b.get();
  ASSERT_FALSE(creds);
  EXPECT_NE(printed(creds.error()).find("AWS_EC2_METADATA_DISABLED"), std::string::npos) << creds.error();
  EXPECT_EQ(b.server.count(), 0u);
}

TEST(default_chain, credential_process_from_the_profile) {
  chain_bench b;
  b.home.write(".aws/config", "[profile tool]\ncredential_process = printf '{\"Version\": 1, \"AccessKeyId\": "
                              "\"AKIDTOOL\", \"SecretAccessKey\": \"TOOLSECRET\"}'\n");
  b.vars["AWS_PROFILE"] = "tool";
  auto chain = make_default_credentials_chain(b.h.net(), fake_env(b.vars));
  auto creds = b.h.get(*chain);
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "AKIDTOOL");
}

TEST(default_chain, concurrent_first_requests_share_one_imds_fetch) {
  chain_bench b;
  auto chain = make_default_credentials_chain(b.h.net(), fake_env(b.vars));
  std::vector<std::shared_ptr<std::optional<result<credentials>>>> answers;
  for (int i = 0; i < 50; ++i) {
    auto slot = std::make_shared<std::optional<result<credentials>>>();
    chain->async_get_credentials([slot](result<credentials> r) { *slot = std::move(r); });
    answers.push_back(slot);
  }
  run_until(b.h.ioc, [&] {
    for (const auto& a : answers) if (!a->has_value()) return false;
    return true;
  }, 10s);
  for (const auto& a : answers) {
    ASSERT_TRUE(a->has_value());
    ASSERT_TRUE(**a) << (**a).error();
    EXPECT_EQ((**a)->access_key_id, "ASIAIMDS");
  }
  EXPECT_EQ(b.server.count(), 3u) << "one token, one role name, one credentials request for all 50";
}

TEST(default_chain, its_source_is_told_without_asking_it) {
  chain_bench b;
  const auto source = [&b] { return default_credentials_source(fake_env(b.vars)); };
  ASSERT_TRUE(source()) << source().error();
  EXPECT_EQ(source()->description, "IMDS (instance metadata, the last resort)");
  EXPECT_FALSE(source()->configured);
  b.vars["AWS_EC2_METADATA_DISABLED"] = "true";
  EXPECT_EQ(source()->description, "none (nothing configured, IMDS disabled)");
  EXPECT_FALSE(source()->configured);

  b.vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = b.server.url() + "/container";
  EXPECT_TRUE(source()->description.starts_with("container")) << source()->description;
  b.vars["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/r";
  EXPECT_EQ(source()->description, "assume role (AWS_ROLE_ARN, source: container)");
  b.home.write(".aws/config", "[profile p]\ncredential_process = /bin/false\n[profile role]\nrole_arn = a\n"
                              "source_profile = p\n");
  b.credentials_file("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = FILESECRET\n");
  EXPECT_EQ(source()->description, "profile default (static keys)");
  EXPECT_TRUE(source()->configured);
  b.vars["AWS_PROFILE"] = "p";
  EXPECT_EQ(source()->description, "profile p (credential_process)");
  b.vars["AWS_PROFILE"] = "role";
  EXPECT_EQ(source()->description, "profile role (assume role)");
  b.vars["AWS_WEB_IDENTITY_TOKEN_FILE"] = b.home.write("token", "WEB");
  EXPECT_EQ(source()->description, "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)");
  b.vars["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  b.vars["AWS_SECRET_ACCESS_KEY"] = "ENVSECRET";
  EXPECT_EQ(source()->description, "environment (AWS_ACCESS_KEY_ID)");
  EXPECT_EQ(b.server.count(), 0u) << "telling the source asks nobody";

  b.vars.erase("AWS_ACCESS_KEY_ID");
  b.vars.erase("AWS_SECRET_ACCESS_KEY");
  b.vars.erase("AWS_WEB_IDENTITY_TOKEN_FILE");
  b.vars["AWS_PROFILE"] = "missing";
  ASSERT_FALSE(source()) << "a broken configuration is the same error the chain gives";
  EXPECT_NE(printed(source().error()).find("profile missing not found"), std::string::npos) << source().error();
}

}  // namespace
}  // namespace ddbkit

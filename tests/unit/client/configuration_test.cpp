// Configuration resolves as the AWS CLI and SDKs resolve it: every setting from the first
// place that sets it, with where it came from.
#include <ddbkit/client.hpp>
#include <ddbkit/configuration.hpp>

#include "common/fake_environment.hpp"
#include "common/temp_dir.hpp"
#include "common/test_http_server.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <sstream>

namespace ddbkit {
namespace {

using testing::env_vars;
using testing::fake_env;

/// A home with ~/.aws/config and ~/.aws/credentials, and the variables that point at it.
struct aws_home {
  testing::temp_dir dir;
  env_vars vars{{"HOME", dir.path().string()}, {"AWS_EC2_METADATA_DISABLED", "true"}};

  std::string config(std::string_view text) { return dir.write(".aws/config", text); }
  std::string credentials(std::string_view text) { return dir.write(".aws/credentials", text); }

  result<configuration> resolve(const configuration_overrides& overrides = {},
                                resolution mode = resolution::auto_detect) const {
    return resolve_configuration(fake_env(vars), overrides, mode);
  }
};

std::string printed(const error& e) {
  std::ostringstream out;
  out << e;
  return out.str();
}

TEST(configuration, region_comes_from_the_override_the_variables_then_the_profile) {
  aws_home home;
  const auto config = home.config("[default]\nregion = us-west-2\n[profile dev]\n# dev's region\nregion = eu-central-1\n");
  auto from_default = home.resolve();
  ASSERT_TRUE(from_default) << from_default.error();
  EXPECT_EQ(from_default->region.value, "us-west-2");
  EXPECT_EQ(from_default->region.origin, config + ":2");
  EXPECT_EQ(from_default->options.region, "us-west-2");

  home.vars["AWS_PROFILE"] = "dev";
  EXPECT_EQ(home.resolve()->region.origin, config + ":5");
  EXPECT_EQ(home.resolve()->options.region, "eu-central-1");

  home.vars["AWS_DEFAULT_REGION"] = "ap-south-1";
  EXPECT_EQ(home.resolve()->options.region, "ap-south-1");
  EXPECT_EQ(home.resolve()->region.origin, "AWS_DEFAULT_REGION");

  home.vars["AWS_REGION"] = "sa-east-1";
  EXPECT_EQ(home.resolve()->options.region, "sa-east-1");
  EXPECT_EQ(home.resolve()->region.origin, "AWS_REGION");

  auto overridden = home.resolve({.region = "eu-north-1"});
  EXPECT_EQ(overridden->options.region, "eu-north-1");
  EXPECT_EQ(overridden->region.origin, "--region");
}

TEST(configuration, a_region_in_the_credentials_file_counts_as_botocore_merges_the_files) {
  aws_home home;
  const auto credentials = home.credentials("[dev]\nregion = ca-central-1\n");
  home.vars["AWS_PROFILE"] = "dev";
  auto resolved = home.resolve();
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(resolved->options.region, "ca-central-1");
  EXPECT_EQ(resolved->region.origin, credentials + ":2");
}

TEST(configuration, the_profile_is_the_override_then_aws_profile_then_aws_default_profile) {
  aws_home home;
  home.config("[profile a]\nregion = r-a\n[profile b]\nregion = r-b\n[profile c]\nregion = r-c\n[default]\nregion = r-d\n");
  EXPECT_EQ(home.resolve()->profile.value, "default");
  EXPECT_EQ(home.resolve()->profile.origin, "default");
  home.vars["AWS_DEFAULT_PROFILE"] = "c";
  EXPECT_EQ(home.resolve()->options.region, "r-c");
  EXPECT_EQ(home.resolve()->profile.origin, "AWS_DEFAULT_PROFILE");
  home.vars["AWS_PROFILE"] = "b";
  EXPECT_EQ(home.resolve()->options.region, "r-b");
  EXPECT_EQ(home.resolve()->profile.origin, "AWS_PROFILE");
  auto chosen = home.resolve({.profile = "a"});
  EXPECT_EQ(chosen->options.region, "r-a");
  EXPECT_EQ(chosen->profile.value, "a");
  EXPECT_EQ(chosen->profile.origin, "--profile");
}

TEST(configuration, a_named_profile_that_does_not_exist_is_an_error_a_missing_default_is_not) {
  aws_home home;
  const auto config = home.config("[profile dev]\nregion = x\n");
  home.vars["AWS_REGION"] = "eu-west-1";
  EXPECT_TRUE(home.resolve()) << "no [default]: nothing asked for it";

  home.vars["AWS_PROFILE"] = "prod";
  auto missing = home.resolve();
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), error_code::validation);
  EXPECT_EQ(missing.error().field(), "AWS_PROFILE");
  EXPECT_NE(printed(missing.error()).find("profile prod"), std::string::npos) << missing.error();
  EXPECT_NE(printed(missing.error()).find(config), std::string::npos) << "names the files it looked in";

  auto from_flag = home.resolve({.profile = "nope"});
  ASSERT_FALSE(from_flag);
  EXPECT_EQ(from_flag.error().field(), "--profile");
}

TEST(configuration, no_region_names_all_three_places) {
  aws_home home;
  const auto config = home.config("[profile dev]\noutput = json\n");
  home.vars["AWS_PROFILE"] = "dev";
  auto none = home.resolve({}, resolution::strict);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), error_code::validation);
  const std::string message(none.error().message());
  for (const std::string& place : {std::string("AWS_REGION"), std::string("AWS_DEFAULT_REGION"), std::string("profile dev"), config}) {
    EXPECT_NE(message.find(place), std::string::npos) << place << " missing from: " << message;
  }
}

TEST(configuration, endpoint_precedence_follows_the_sdks_with_ddbkits_own_variable_first) {
  aws_home home;
  const auto config = home.config(
      "[default]\nregion = eu-west-1\nendpoint_url = http://127.0.0.1:1005\nservices = local-ddb\n"
      "[services local-ddb]\ns3 =\n  endpoint_url = http://127.0.0.1:9999\ndynamodb =\n  endpoint_url = http://127.0.0.1:1004\n");
  const auto endpoint = [&] { return home.resolve()->endpoint; };
  EXPECT_EQ(endpoint().value, "http://127.0.0.1:1004") << "the services section's dynamodb entry";
  EXPECT_EQ(endpoint().origin, config + ":9");
  home.vars["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1003";
  EXPECT_EQ(endpoint().value, "http://127.0.0.1:1003");
  home.vars["AWS_ENDPOINT_URL_DYNAMODB"] = "http://127.0.0.1:1002";
  EXPECT_EQ(endpoint().value, "http://127.0.0.1:1002");
  home.vars["DYNAMODB_ENDPOINT"] = "http://127.0.0.1:1001";
  EXPECT_EQ(endpoint().value, "http://127.0.0.1:1001");
  EXPECT_EQ(endpoint().origin, "DYNAMODB_ENDPOINT");
  auto overridden = home.resolve({.endpoint = "http://127.0.0.1:1000"});
  EXPECT_EQ(overridden->options.endpoint, "http://127.0.0.1:1000");
  EXPECT_EQ(overridden->endpoint.origin, "--endpoint");
}

TEST(configuration, the_profiles_endpoint_url_applies_without_a_services_entry) {
  aws_home home;
  const auto config = home.config("[default]\nregion = eu-west-1\nendpoint_url = http://127.0.0.1:1005\n"
                                  "services = missing-section\n");
  auto resolved = home.resolve();
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(resolved->options.endpoint, "http://127.0.0.1:1005");
  EXPECT_EQ(resolved->endpoint.origin, config + ":3");

  home.config("[default]\nregion = eu-west-1\n");
  auto regional = home.resolve();
  EXPECT_EQ(regional->options.endpoint, "");
  EXPECT_EQ(regional->endpoint.origin, "regional endpoint");
  EXPECT_EQ(regional->options.resolve_endpoint()->url(), "https://dynamodb.eu-west-1.amazonaws.com");
}

TEST(configuration, ignore_configured_endpoint_urls_switches_off_the_aws_variables_and_the_files) {
  aws_home home;
  const auto config = home.config(
      "[default]\nregion = eu-west-1\nendpoint_url = http://127.0.0.1:1005\nservices = s\n"
      "[services s]\ndynamodb =\n  endpoint_url = http://127.0.0.1:1004\n"
      "[profile ignoring]\nregion = eu-west-1\nendpoint_url = http://127.0.0.1:1005\n"
      "ignore_configured_endpoint_urls = true\n[profile broken]\nregion = x\nignore_configured_endpoint_urls = maybe\n");
  home.vars["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1003";
  home.vars["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "True";
  auto ignored = home.resolve();
  ASSERT_TRUE(ignored) << ignored.error();
  EXPECT_EQ(ignored->options.endpoint, "");
  EXPECT_NE(ignored->endpoint.origin.find("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), std::string::npos);

  home.vars["DYNAMODB_ENDPOINT"] = "http://127.0.0.1:1001";
  EXPECT_EQ(home.resolve()->options.endpoint, "http://127.0.0.1:1001")
      << "ddbkit's own override is always honoured: a local test never reaches AWS";
  EXPECT_EQ(home.resolve({.endpoint = "http://127.0.0.1:1000"})->options.endpoint, "http://127.0.0.1:1000");
  home.vars.erase("DYNAMODB_ENDPOINT");

  home.vars["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "false";
  EXPECT_EQ(home.resolve()->options.endpoint, "http://127.0.0.1:1003") << "false: the variable wins over the file";
  home.vars.erase("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  home.vars.erase("AWS_ENDPOINT_URL");
  auto from_profile = home.resolve({.profile = "ignoring"});
  ASSERT_TRUE(from_profile) << from_profile.error();
  EXPECT_EQ(from_profile->options.endpoint, "") << "the profile's own flag";
  EXPECT_NE(from_profile->endpoint.origin.find(config + ":11"), std::string::npos) << from_profile->endpoint.origin;

  auto broken = home.resolve({.profile = "broken"});
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().field(), config + ":14");
  EXPECT_NE(printed(broken.error()).find("ignore_configured_endpoint_urls must be true or false, got 'maybe'"),
            std::string::npos)
      << broken.error();
  home.vars["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "yes";
  EXPECT_EQ(home.resolve().error().field(), "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
}

TEST(configuration, a_malformed_endpoint_in_a_file_names_the_file_and_line) {
  aws_home home;
  const auto config = home.config("[default]\nregion = eu-west-1\nendpoint_url = ftp://nope\n");
  auto resolved = home.resolve();
  ASSERT_FALSE(resolved);
  EXPECT_EQ(resolved.error().code(), error_code::validation);
  EXPECT_EQ(resolved.error().field(), config + ":3");
}

TEST(configuration, max_attempts_and_retry_mode_from_variables_then_the_profile) {
  aws_home home;
  const auto config = home.config("[default]\nregion = eu-west-1\nmax_attempts = 4\nretry_mode = adaptive\n");
  auto from_file = home.resolve();
  ASSERT_TRUE(from_file) << from_file.error();
  EXPECT_EQ(from_file->options.retry.max_attempts, 4);
  EXPECT_EQ(from_file->max_attempts.origin, config + ":3");
  EXPECT_TRUE(from_file->options.retry.adaptive);
  EXPECT_EQ(from_file->retry_mode.value, "adaptive");
  EXPECT_EQ(from_file->retry_mode.origin, config + ":4");

  home.vars["AWS_MAX_ATTEMPTS"] = "6";
  home.vars["AWS_RETRY_MODE"] = "standard";
  auto from_env = home.resolve();
  EXPECT_EQ(from_env->options.retry.max_attempts, 6);
  EXPECT_EQ(from_env->max_attempts.origin, "AWS_MAX_ATTEMPTS");
  EXPECT_FALSE(from_env->options.retry.adaptive);
  EXPECT_EQ(from_env->retry_mode.origin, "AWS_RETRY_MODE");

  home.vars["DYNAMODB_RETRY_MAX_ATTEMPTS"] = "8";
  EXPECT_EQ(home.resolve()->options.retry.max_attempts, 8) << "the DynamoDB-specific variable first";
  EXPECT_EQ(home.resolve()->max_attempts.origin, "DYNAMODB_RETRY_MAX_ATTEMPTS");

  home.vars["AWS_RETRY_MODE"] = "legacy";
  auto legacy = home.resolve();
  EXPECT_EQ(legacy->retry_mode.value, "standard");
  EXPECT_FALSE(legacy->options.retry.adaptive);
  EXPECT_TRUE(legacy->options.retry.retry_quota);
}

TEST(configuration, defaults_say_they_are_defaults) {
  aws_home home;
  home.vars["AWS_REGION"] = "eu-west-1";
  auto resolved = home.resolve();
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(resolved->max_attempts.value, "10");
  EXPECT_EQ(resolved->max_attempts.origin, "default");
  EXPECT_EQ(resolved->retry_mode.value, "standard");
  EXPECT_EQ(resolved->retry_mode.origin, "default");
  EXPECT_EQ(resolved->backoff.value, "50 ms base, 20000 ms cap");
  EXPECT_EQ(resolved->backoff.origin, "default");
  EXPECT_EQ(resolved->options.retry, retry_options{});

  home.vars["DYNAMODB_RETRY_BASE_DELAY_MS"] = "25";
  home.vars["DYNAMODB_RETRY_MAX_DELAY_SECS"] = "3";
  auto tuned = home.resolve();
  ASSERT_TRUE(tuned) << tuned.error();
  EXPECT_EQ(tuned->backoff.value, "25 ms base, 3000 ms cap");
  EXPECT_EQ(tuned->backoff.origin, "DYNAMODB_RETRY_BASE_DELAY_MS, DYNAMODB_RETRY_MAX_DELAY_SECS");
}

TEST(configuration, malformed_retry_settings_name_the_variable_or_the_file_and_line) {
  aws_home home;
  const auto config = home.config("[default]\nregion = eu-west-1\nmax_attempts = ten\n"
                                  "[profile modes]\nregion = eu-west-1\nretry_mode = turbo\n");
  auto attempts = home.resolve();
  ASSERT_FALSE(attempts);
  EXPECT_EQ(attempts.error().field(), config + ":3");
  EXPECT_NE(printed(attempts.error()).find("max_attempts must be a positive integer, got 'ten'"), std::string::npos)
      << attempts.error();

  auto mode = home.resolve({.profile = "modes"});
  ASSERT_FALSE(mode);
  EXPECT_EQ(mode.error().field(), config + ":6");

  home.config("[default]\nregion = eu-west-1\n");
  for (const char* bad : {"0", "-2", "3x", ""}) {
    home.vars["AWS_MAX_ATTEMPTS"] = bad;
    auto env = home.resolve();
    if (std::string_view(bad).empty()) {
      EXPECT_TRUE(env) << "an empty variable is unset";
      continue;
    }
    ASSERT_FALSE(env) << bad;
    EXPECT_EQ(env.error().field(), "AWS_MAX_ATTEMPTS");
  }
  home.vars.erase("AWS_MAX_ATTEMPTS");
  home.vars["AWS_RETRY_MODE"] = "Adaptive";
  EXPECT_EQ(home.resolve().error().field(), "AWS_RETRY_MODE") << "modes are lower case, as botocore reads them";
}

TEST(configuration, credentials_say_where_they_come_from) {
  aws_home home;
  home.config("[default]\nregion = eu-west-1\n[profile sso]\nregion = eu-west-1\nsso_session = corp\nsso_account_id = 1\n");
  home.credentials("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = FILESECRET\n");
  auto from_profile = home.resolve();
  ASSERT_TRUE(from_profile) << from_profile.error();
  EXPECT_EQ(from_profile->credentials.value, "profile default (static keys)");
  EXPECT_EQ(from_profile->options.credentials, nullptr) << "the chain is asked at the first request";
  EXPECT_TRUE(static_cast<bool>(from_profile->options.credentials_factory));

  auto sso = home.resolve({.profile = "sso"});
  ASSERT_TRUE(sso) << sso.error();
  EXPECT_EQ(sso->credentials.value, "profile sso (SSO)");

  home.vars["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  home.vars["AWS_SECRET_ACCESS_KEY"] = "ENVSECRET";
  auto from_env = home.resolve();
  EXPECT_EQ(from_env->credentials.origin, "AWS_ACCESS_KEY_ID");
  EXPECT_NE(from_env->options.credentials, nullptr);

  home.vars["AWS_PROFILE"] = "sso";
  EXPECT_EQ(home.resolve()->credentials.origin, "AWS_ACCESS_KEY_ID") << "AWS_PROFILE does not hide the keys";
  auto flag = home.resolve({.profile = "sso"});
  ASSERT_TRUE(flag) << flag.error();
  EXPECT_EQ(flag->credentials.value, "profile sso (SSO)")
      << "an explicit --profile does, as in the AWS CLI (botocore drops its environment provider)";
}

TEST(configuration, a_loopback_endpoint_with_nothing_configured_gets_dynamodb_locals_defaults) {
  aws_home home;
  home.vars["DYNAMODB_ENDPOINT"] = "http://127.0.0.1:8000";
  auto strict = home.resolve({}, resolution::strict);
  ASSERT_FALSE(strict) << "from_env guesses nothing";
  EXPECT_EQ(strict.error().field(), "AWS_REGION");

  auto local = home.resolve();
  ASSERT_TRUE(local) << local.error();
  EXPECT_EQ(local->options.region, "local");
  EXPECT_NE(local->options.credentials, nullptr);
  EXPECT_EQ(local->credentials.value, "DynamoDB Local dummy keys (local)");
  EXPECT_EQ(local->local_defaults, "region local, dummy keys local/local");

  home.vars["AWS_REGION"] = "eu-west-1";
  auto with_region = home.resolve();
  EXPECT_EQ(with_region->options.region, "eu-west-1");
  EXPECT_EQ(with_region->local_defaults, "dummy keys local/local");
}

TEST(configuration, a_loopback_endpoint_never_hides_configured_credentials) {
  aws_home home;
  home.vars["DYNAMODB_ENDPOINT"] = "http://localhost:8000";
  home.credentials("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = DEVSECRET\n[half]\naws_access_key_id = A\n");
  home.vars["AWS_PROFILE"] = "dev";
  auto profile = home.resolve();
  ASSERT_TRUE(profile) << profile.error();
  EXPECT_EQ(profile->credentials.value, "profile dev (static keys)");
  EXPECT_EQ(profile->options.credentials, nullptr);
  EXPECT_EQ(profile->local_defaults, "region local") << "the region is still DynamoDB Local's: none is configured";

  home.vars["AWS_PROFILE"] = "half";
  auto half = home.resolve();
  ASSERT_TRUE(half) << half.error();
  EXPECT_EQ(half->credentials.value, "profile half (static keys)") << "configured, if broken";
  EXPECT_TRUE(static_cast<bool>(half->options.credentials_factory)) << "the chain reports it at the request";
  EXPECT_EQ(half->local_defaults, "region local");

  home.vars.erase("AWS_PROFILE");
  home.vars["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/nowhere/token";
  auto broken = home.resolve();
  ASSERT_TRUE(broken) << broken.error();
  EXPECT_TRUE(broken->credentials.value.starts_with("unusable: ")) << broken->credentials.value;
  EXPECT_NE(broken->credentials.value.find("AWS_ROLE_ARN"), std::string::npos) << broken->credentials.value;
  EXPECT_TRUE(static_cast<bool>(broken->options.credentials_factory));
  EXPECT_EQ(broken->local_defaults, "region local");
  home.vars.erase("AWS_WEB_IDENTITY_TOKEN_FILE");

  home.vars.erase("AWS_EC2_METADATA_DISABLED");
  auto imds_only = home.resolve();
  EXPECT_EQ(imds_only->credentials.value, "DynamoDB Local dummy keys (local)")
      << "IMDS is the last resort, never asked for a loopback endpoint";
  home.vars["DYNAMODB_ENDPOINT"] = "http://10.0.0.5:8000";
  home.vars["AWS_REGION"] = "eu-west-1";
  auto remote = home.resolve();
  EXPECT_EQ(remote->credentials.value, "IMDS (instance metadata, the last resort)");
  EXPECT_TRUE(remote->local_defaults.empty());
}

TEST(configuration, dynamodb_local_when_asked_with_overrides_on_top) {
  aws_home home;
  home.vars["DYNAMODB_LOCAL"] = "true";
  home.vars["AWS_MAX_ATTEMPTS"] = "3";
  auto local = home.resolve();
  ASSERT_TRUE(local) << local.error();
  EXPECT_EQ(local->options.endpoint, "http://127.0.0.1:8000");
  EXPECT_EQ(local->options.region, "local");
  EXPECT_EQ(local->options.retry.max_attempts, 3) << "retry settings still apply";
  EXPECT_EQ(local->credentials.origin, "DYNAMODB_LOCAL");

  home.vars.erase("DYNAMODB_LOCAL");
  auto flag = home.resolve({.endpoint = "http://127.0.0.1:8123", .local = true});
  ASSERT_TRUE(flag) << flag.error();
  EXPECT_EQ(flag->options.endpoint, "http://127.0.0.1:8123");
  EXPECT_EQ(flag->credentials.origin, "--local");

  home.vars["DYNAMODB_LOCAL_PORT"] = "70000";
  EXPECT_EQ(home.resolve().error().field(), "DYNAMODB_LOCAL_PORT");
  EXPECT_TRUE(home.resolve({}, resolution::strict).has_value() == false) << "strict: no region, DYNAMODB_LOCAL ignored";
}

TEST(configuration, the_chosen_profile_is_the_one_the_client_signs_with) {
  std::mutex mutex;
  std::vector<std::string> authorizations;
  testing::test_http_server server([&](const testing::server_request& r) {
    std::lock_guard lock(mutex);
    authorizations.emplace_back(r.header("Authorization"));
    return testing::server_reply{.headers = {{"Content-Type", "application/x-amz-json-1.0"}},
                                 .body = R"js({"TableNames":[]})js"};
  });
  aws_home home;
  home.credentials("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = S1\n"
                   "[ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = S2\n");
  home.config("[profile ops]\nregion = eu-west-3\n[profile dev]\nregion = eu-west-1\n");
  home.vars["AWS_PROFILE"] = "dev";
  auto resolved = home.resolve({.profile = "ops", .endpoint = server.url()});
  ASSERT_TRUE(resolved) << resolved.error();
  auto c = client::create(resolved->options);
  ASSERT_TRUE(c) << c.error();
  ASSERT_TRUE(c->list_tables(list_tables_input{}));
  std::lock_guard lock(mutex);
  ASSERT_EQ(authorizations.size(), 1u);
  EXPECT_TRUE(authorizations[0].starts_with("AWS4-HMAC-SHA256 Credential=AKIDOPS/")) << authorizations[0];
  EXPECT_NE(authorizations[0].find("/eu-west-3/dynamodb/"), std::string::npos) << authorizations[0];
}

TEST(configuration, loopback_endpoints_are_recognised) {
  EXPECT_TRUE(is_loopback_endpoint("http://127.0.0.1:8000"));
  EXPECT_TRUE(is_loopback_endpoint("http://127.1.2.3"));
  EXPECT_TRUE(is_loopback_endpoint("http://localhost:8000"));
  EXPECT_TRUE(is_loopback_endpoint("http://[::1]:8000"));
  EXPECT_FALSE(is_loopback_endpoint("https://dynamodb.eu-west-1.amazonaws.com"));
  EXPECT_FALSE(is_loopback_endpoint("http://127.example.com"));
  EXPECT_FALSE(is_loopback_endpoint(""));
}

}  // namespace
}  // namespace ddbkit

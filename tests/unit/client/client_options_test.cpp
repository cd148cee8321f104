#include <ddbkit/client_options.hpp>

#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace ddbkit {
namespace {

/// A fake environment: tests set variables without touching the process.
environment fake_env(std::map<std::string, std::string, std::less<>> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    if (auto it = vars.find(name); it != vars.end()) return it->second;
    return std::nullopt;
  };
}

TEST(client_options, from_env_reads_region_endpoint_retry_and_keys) {
  auto options = client_options::from_env(fake_env({
      {"AWS_REGION", "eu-west-1"},
      {"DYNAMODB_ENDPOINT", "http://127.0.0.1:9000"},
      {"DYNAMODB_RETRY_MAX_ATTEMPTS", "4"},
      {"DYNAMODB_RETRY_BASE_DELAY_MS", "25"},
      {"DYNAMODB_RETRY_MAX_DELAY_SECS", "3"},
      {"AWS_ACCESS_KEY_ID", "AKIDTEST"},
      {"AWS_SECRET_ACCESS_KEY", "secret-value"},
  }));
  ASSERT_TRUE(options) << options.error();
  EXPECT_EQ(options->region, "eu-west-1");
  EXPECT_EQ(options->endpoint, "http://127.0.0.1:9000");
  EXPECT_EQ(options->retry.max_attempts, 4);
  EXPECT_EQ(options->retry.base_delay, std::chrono::milliseconds(25));
  EXPECT_EQ(options->retry.max_delay, std::chrono::seconds(3));
  ASSERT_NE(options->credentials, nullptr);
}

TEST(client_options, from_env_defaults_match_design) {
  auto options = client_options::from_env(fake_env({{"AWS_REGION", "us-east-1"}}));
  ASSERT_TRUE(options);
  EXPECT_EQ(options->retry.max_attempts, 10);
  EXPECT_EQ(options->retry.base_delay, std::chrono::milliseconds(50));
  EXPECT_EQ(options->retry.max_delay, std::chrono::seconds(20));
  EXPECT_TRUE(options->endpoint.empty());
  EXPECT_EQ(options->resolve_endpoint()->url(), "https://dynamodb.us-east-1.amazonaws.com");
}

TEST(client_options, default_region_is_the_fallback_for_region) {
  auto options = client_options::from_env(fake_env({{"AWS_DEFAULT_REGION", "ap-south-1"}}));
  ASSERT_TRUE(options);
  EXPECT_EQ(options->region, "ap-south-1");
  auto both = client_options::from_env(fake_env({{"AWS_DEFAULT_REGION", "ap-south-1"}, {"AWS_REGION", "eu-north-1"}}));
  EXPECT_EQ(both->region, "eu-north-1");
}

TEST(client_options, endpoint_variables_are_tried_in_order) {
  auto generic = client_options::from_env(fake_env({{"AWS_REGION", "x"}, {"AWS_ENDPOINT_URL", "http://a:1"}}));
  EXPECT_EQ(generic->endpoint, "http://a:1");
  auto specific = client_options::from_env(fake_env(
      {{"AWS_REGION", "x"}, {"AWS_ENDPOINT_URL", "http://a:1"}, {"AWS_ENDPOINT_URL_DYNAMODB", "http://b:2"}}));
  EXPECT_EQ(specific->endpoint, "http://b:2");
  auto ours = client_options::from_env(fake_env({{"AWS_REGION", "x"},
                                                  {"AWS_ENDPOINT_URL", "http://a:1"},
                                                  {"AWS_ENDPOINT_URL_DYNAMODB", "http://b:2"},
                                                  {"DYNAMODB_ENDPOINT", "http://c:3"}}));
  EXPECT_EQ(ours->endpoint, "http://c:3");
}

TEST(client_options, missing_region_is_a_validation_error) {
  auto options = client_options::from_env(fake_env({}));
  ASSERT_FALSE(options);
  EXPECT_EQ(options.error().code(), error_code::validation);
  EXPECT_EQ(options.error().field(), "AWS_REGION");
}

TEST(client_options, malformed_retry_number_is_an_error_not_the_default) {
  for (const char* bad : {"abc", "-1", "0", "10x", "1.5"}) {
    auto options = client_options::from_env(fake_env({{"AWS_REGION", "x"}, {"DYNAMODB_RETRY_MAX_ATTEMPTS", bad}}));
    ASSERT_FALSE(options) << bad;
    EXPECT_EQ(options.error().field(), "DYNAMODB_RETRY_MAX_ATTEMPTS");
  }
}

TEST(client_options, malformed_endpoint_names_its_variable) {
  auto options = client_options::from_env(fake_env({{"AWS_REGION", "x"}, {"AWS_ENDPOINT_URL", "ftp://nope"}}));
  ASSERT_FALSE(options);
  EXPECT_EQ(options.error().field(), "AWS_ENDPOINT_URL");
}

TEST(client_options, key_without_secret_is_refused_without_printing_anything_secret) {
  auto options = client_options::from_env(fake_env({{"AWS_REGION", "x"}, {"AWS_SECRET_ACCESS_KEY", "s3cr3t-value"}}));
  ASSERT_FALSE(options);
  std::ostringstream printed;
  printed << options.error();
  EXPECT_EQ(printed.str().find("s3cr3t-value"), std::string::npos);
}

TEST(client_options, local_points_at_loopback_with_dummy_keys) {
  auto options = client_options::local(8123);
  EXPECT_EQ(options.region, "local");
  EXPECT_EQ(options.resolve_endpoint()->url(), "http://127.0.0.1:8123");
  EXPECT_NE(options.credentials, nullptr);
}

TEST(client_options, auto_detect_uses_local_when_asked) {
  auto by_flag = client_options::auto_detect(fake_env({{"DYNAMODB_LOCAL", "true"}}));
  ASSERT_TRUE(by_flag);
  EXPECT_EQ(by_flag->endpoint, "http://127.0.0.1:8000");
  auto by_port = client_options::auto_detect(fake_env({{"DYNAMODB_LOCAL_PORT", "8765"}}));
  ASSERT_TRUE(by_port);
  EXPECT_EQ(by_port->endpoint, "http://127.0.0.1:8765");
  auto bad_port = client_options::auto_detect(fake_env({{"DYNAMODB_LOCAL_PORT", "99999"}}));
  EXPECT_FALSE(bad_port);
}

TEST(client_options, auto_detect_falls_back_to_the_environment) {
  auto options = client_options::auto_detect(fake_env({{"AWS_REGION", "eu-west-3"}}));
  ASSERT_TRUE(options);
  EXPECT_EQ(options->region, "eu-west-3");
  EXPECT_TRUE(options->endpoint.empty());
}

TEST(client_options, process_environment_reads_real_variables) {
  ::setenv("DDBKIT_TEST_REGION_PROBE", "eu-central-2", 1);
  EXPECT_EQ(process_environment()("DDBKIT_TEST_REGION_PROBE"), "eu-central-2");
  ::unsetenv("DDBKIT_TEST_REGION_PROBE");
  EXPECT_EQ(process_environment()("DDBKIT_TEST_REGION_PROBE"), std::nullopt);
  ::setenv("AWS_REGION", "sa-east-1", 1);
  ::setenv("DYNAMODB_RETRY_MAX_ATTEMPTS", "7", 1);
  auto options = client_options::from_env();
  ::unsetenv("AWS_REGION");
  ::unsetenv("DYNAMODB_RETRY_MAX_ATTEMPTS");
  ASSERT_TRUE(options);
  EXPECT_EQ(options->region, "sa-east-1");
  EXPECT_EQ(options->retry.max_attempts, 7);
}

}  // namespace
}  // namespace ddbkit

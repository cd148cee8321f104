// How a client gets its credentials when the options come from the environment.
#include <ddbkit/client.hpp>

#include "common/fake_environment.hpp"
#include "common/temp_dir.hpp"
#include "common/test_http_server.hpp"

#include <gtest/gtest.h>

#include <mutex>

namespace ddbkit {
namespace {

using testing::fake_env;

TEST(client_credentials, from_env_without_keys_defers_to_the_default_chain) {
  auto without = client_options::from_env(fake_env({{"AWS_REGION", "eu-west-1"}}));
  ASSERT_TRUE(without) << without.error();
  EXPECT_EQ(without->credentials, nullptr);
  EXPECT_TRUE(static_cast<bool>(without->credentials_factory));

  auto with = client_options::from_env(
      fake_env({{"AWS_REGION", "eu-west-1"}, {"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "S"}}));
  ASSERT_TRUE(with) << with.error();
  EXPECT_NE(with->credentials, nullptr);
  EXPECT_FALSE(static_cast<bool>(with->credentials_factory));
}

TEST(client_credentials, a_client_from_env_signs_with_credentials_from_the_chain) {
  std::mutex mutex;
  std::vector<testing::server_request> seen;
  testing::test_http_server server([&](const testing::server_request& r) {
    {
      std::lock_guard lock(mutex);
      seen.push_back(r);
    }
    if (r.target == "/container") {
      return testing::server_reply{
          .body = R"js({"AccessKeyId":"ASIACONT","SecretAccessKey":"CONTSECRET","Token":"CONTTOKEN","Expiration":"2999-01-01T00:00:00Z"})js"};
    }
    return testing::server_reply{.headers = {{"Content-Type", "application/x-amz-json-1.0"}},
                                 .body = R"js({"TableNames":["t1"]})js"};
  });
  testing::temp_dir home;  // no ~/.aws of the user's
  auto options = client_options::from_env(fake_env({
      {"HOME", home.path().string()},
      {"AWS_REGION", "eu-west-1"},
      {"DYNAMODB_ENDPOINT", server.url()},
      {"AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/container"},
      {"AWS_EC2_METADATA_DISABLED", "true"},
  }));
  ASSERT_TRUE(options) << options.error();
  auto c = client::create(std::move(*options));
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(server.requests(), 0u) << "no I/O before the first request";

  for (int i = 0; i < 2; ++i) {
    auto tables = c->list_tables(list_tables_input{});
    ASSERT_TRUE(tables) << tables.error();
    EXPECT_EQ(tables->table_names, std::vector<std::string>{"t1"});
  }
  std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 3u) << "the container once, then two DynamoDB requests";
  EXPECT_EQ(seen[0].target, "/container");
  for (std::size_t i = 1; i < seen.size(); ++i) {
    EXPECT_TRUE(seen[i].header("Authorization").starts_with("AWS4-HMAC-SHA256 Credential=ASIACONT/"))
        << seen[i].header("Authorization");
    EXPECT_EQ(seen[i].header("X-Amz-Security-Token"), "CONTTOKEN");
  }
}

TEST(client_credentials, chain_failure_is_the_calls_credentials_error) {
  testing::temp_dir home;
  auto options = client_options::from_env(fake_env({
      {"HOME", home.path().string()},
      {"AWS_REGION", "eu-west-1"},
      {"DYNAMODB_ENDPOINT", "http://127.0.0.1:9"},
      {"AWS_EC2_METADATA_DISABLED", "true"},
  }));
  ASSERT_TRUE(options) << options.error();
  auto c = client::create(std::move(*options));
  ASSERT_TRUE(c) << c.error();
  auto tables = c->list_tables(list_tables_input{});
  ASSERT_FALSE(tables);
  EXPECT_EQ(tables.error().code(), error_code::credentials);
  EXPECT_NE(std::string(tables.error().message()).find("no credentials found"), std::string::npos) << tables.error();
}

}  // namespace
}  // namespace ddbkit

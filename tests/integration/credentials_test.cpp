// The default credentials chain against the real DynamoDB Local: a client made by
// from_env() without keys finds them in a profile and signs with them.
#include <ddbkit/client.hpp>

#include "common/fake_environment.hpp"
#include "common/local_endpoint.hpp"
#include "common/temp_dir.hpp"

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

TEST(credentials_chain, client_from_env_uses_credential_process_of_the_profile) {
  DDBKIT_REQUIRE_LOCAL_ENDPOINT(endpoint);
  testing::temp_dir home;
  home.write(".aws/config",
             "[profile local-tool]\ncredential_process = printf '{\"Version\": 1, \"AccessKeyId\": \"local\", "
             "\"SecretAccessKey\": \"local\", \"SessionToken\": \"session\", \"Expiration\": \"2999-01-01T00:00:00Z\"}'\n");
  auto options = client_options::from_env(testing::fake_env({{"HOME", home.path().string()},
                                                              {"AWS_PROFILE", "local-tool"},
                                                              {"AWS_REGION", "local"},
                                                              {"DYNAMODB_ENDPOINT", endpoint},
                                                              {"AWS_EC2_METADATA_DISABLED", "true"}}));
  ASSERT_TRUE(options) << options.error();
  ASSERT_EQ(options->credentials, nullptr);
  auto c = client::create(std::move(*options));
  ASSERT_TRUE(c) << c.error();
  auto tables = c->list_tables(list_tables_input{});
  ASSERT_TRUE(tables) << tables.error();
}

TEST(credentials_chain, a_broken_profile_fails_the_call_with_a_credentials_error) {
  DDBKIT_REQUIRE_LOCAL_ENDPOINT(endpoint);
  testing::temp_dir home;
  auto options = client_options::from_env(testing::fake_env({{"HOME", home.path().string()},
                                                              {"AWS_PROFILE", "missing"},
                                                              {"AWS_REGION", "local"},
                                                              {"DYNAMODB_ENDPOINT", endpoint}}));
  ASSERT_TRUE(options) << options.error();
  auto c = client::create(std::move(*options));
  ASSERT_TRUE(c) << c.error();
  auto tables = c->list_tables(list_tables_input{});
  ASSERT_FALSE(tables);
  EXPECT_EQ(tables.error().code(), error_code::credentials);
}

}  // namespace
}  // namespace ddbkit

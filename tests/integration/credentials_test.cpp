// The default credentials chain against the real DynamoDB Local: a client made by
// from_env() without keys finds them in a profile and signs with them.
#include <ddbkit/client.hpp>

#include "common/fake_environment.hpp"
#include "common/local_endpoint.hpp"
#include "common/temp_dir.hpp"
#include "common/test_http_server.hpp"

#include <gtest/gtest.h>

#include <atomic>

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

TEST(credentials_chain, client_from_env_signs_with_sso_role_credentials) {
  DDBKIT_REQUIRE_LOCAL_ENDPOINT(endpoint);
  std::atomic<int> portal_calls{0};
  testing::test_http_server portal([&](const testing::server_request& r) {
    ++portal_calls;
    if (r.header("x-amz-sso_bearer_token") != "LOGINTOKEN") return testing::server_reply{.status = 401};
    return testing::server_reply{.body = R"({"roleCredentials":{"accessKeyId":"ssolocal","secretAccessKey":"s",)"
                                         R"("sessionToken":"t","expiration":32503680000000}})"};
  });
  testing::temp_dir home;
  home.write(".aws/config",
             "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n"
             "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n");
  // SHA-1 of "corp", as `aws sso login` names the file.
  home.write(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json",
             R"({"accessToken":"LOGINTOKEN","expiresAt":"2999-01-01T00:00:00Z"})");
  auto options = client_options::from_env(testing::fake_env({{"HOME", home.path().string()},
                                                              {"AWS_PROFILE", "dev"},
                                                              {"AWS_REGION", "local"},
                                                              {"AWS_ENDPOINT_URL_SSO", portal.url()},
                                                              {"DYNAMODB_ENDPOINT", endpoint},
                                                              {"AWS_EC2_METADATA_DISABLED", "true"}}));
  ASSERT_TRUE(options) << options.error();
  auto c = client::create(std::move(*options));
  ASSERT_TRUE(c) << c.error();
  for (int i = 0; i < 2; ++i) {
    auto tables = c->list_tables(list_tables_input{});
    ASSERT_TRUE(tables) << tables.error();
  }
  EXPECT_EQ(portal_calls.load(), 1) << "the role credentials are cached";
}

TEST(credentials_chain, a_broken_profile_fails_the_call_with_a_credentials_error) {
  DDBKIT_REQUIRE_LOCAL_ENDPOINT(endpoint);
  testing::temp_dir home;
  home.write(".aws/credentials", "[half]\naws_access_key_id = AKIDHALF\n");
  auto options = client_options::from_env(testing::fake_env({{"HOME", home.path().string()},
                                                              {"AWS_PROFILE", "half"},
                                                              {"AWS_REGION", "local"},
                                                              {"DYNAMODB_ENDPOINT", endpoint}}));
  ASSERT_TRUE(options) << options.error();
  auto c = client::create(std::move(*options));
  ASSERT_TRUE(c) << c.error();
  auto tables = c->list_tables(list_tables_input{});
  ASSERT_FALSE(tables);
  EXPECT_EQ(tables.error().code(), error_code::credentials);
}

TEST(credentials_chain, a_missing_named_profile_is_refused_before_any_client_exists) {
  testing::temp_dir home;
  auto options = client_options::from_env(testing::fake_env({{"HOME", home.path().string()},
                                                              {"AWS_PROFILE", "missing"},
                                                              {"AWS_REGION", "local"},
                                                              {"DYNAMODB_ENDPOINT", "http://127.0.0.1:9"}}));
  ASSERT_FALSE(options) << "as the AWS CLI: the config profile (missing) could not be found";
  EXPECT_EQ(options.error().code(), error_code::validation);
  EXPECT_EQ(options.error().field(), "AWS_PROFILE");
}

}  // namespace
}  // namespace ddbkit

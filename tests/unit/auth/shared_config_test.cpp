#include <ddbkit/auth/environment_credentials.hpp>
#include <ddbkit/auth/shared_config.hpp>

#include "common/fake_environment.hpp"
#include "common/temp_dir.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace ddbkit {
namespace {

using testing::fake_env;

TEST(shared_config, config_file_uses_profile_prefix_and_credentials_file_plain_names) {
  auto config = shared_config::parse(
      "[default]\nregion = eu-west-1\n[profile dev]\nregion = us-east-2\nrole_arn = arn:aws:iam::1:role/dev\n"
      "[ops]\nregion = ignored-in-config\n[sso-session corp]\nsso_region = us-east-1\n",
      "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n[ops]\naws_access_key_id = AKIDOPS\n");
  ASSERT_NE(config.find("default"), nullptr);
  EXPECT_EQ(config.find("default")->get("region"), "eu-west-1");
  EXPECT_EQ(config.find("default")->get("aws_access_key_id"), "AKIDDEFAULT");
  ASSERT_NE(config.find("dev"), nullptr);
  EXPECT_EQ(config.find("dev")->get("role_arn"), "arn:aws:iam::1:role/dev");
  ASSERT_NE(config.find("ops"), nullptr);
  EXPECT_EQ(config.find("ops")->get("region"), "") << "[ops] in the config file is not a profile";
  EXPECT_EQ(config.find("ops")->get("aws_access_key_id"), "AKIDOPS");
  EXPECT_EQ(config.find("corp"), nullptr);
  EXPECT_EQ(config.find("sso-session corp"), nullptr);
  EXPECT_EQ(config.find("profile dev"), nullptr);
  ASSERT_NE(config.find_sso_session("corp"), nullptr) << "[sso-session x] is kept apart from the profiles";
  EXPECT_EQ(config.find_sso_session("corp")->get("sso_region"), "us-east-1");
  EXPECT_EQ(config.find_sso_session("dev"), nullptr);
}

TEST(shared_config, sso_session_sections_come_from_the_config_file_only) {
  auto config = shared_config::parse("[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
                                     "sso_region = eu-west-1\n[profile dev]\nsso_session = corp\n",
                                     "[sso-session other]\nsso_region = us-east-1\n");
  ASSERT_NE(config.find_sso_session("corp"), nullptr);
  EXPECT_EQ(config.find_sso_session("corp")->get("sso_start_url"), "https://corp.awsapps.com/start");
  EXPECT_EQ(config.find("dev")->get("sso_session"), "corp");
  EXPECT_EQ(config.find_sso_session("other"), nullptr) << "the credentials file has plain profile names only";
  EXPECT_NE(config.find("sso-session other"), nullptr);
}

TEST(shared_config, comments_blank_lines_spaces_and_crlf_are_handled) {
  auto config = shared_config::parse("",
                                     "# leading comment\r\n; another\r\n\r\n  [ spaced ]  \r\n"
                                     "aws_access_key_id=AKID   # inline comment\r\n"
                                     "aws_secret_access_key =  se#cret  \r\n"
                                     "  ; indented comment\r\n");
  const profile* p = config.find("spaced");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->get("aws_access_key_id"), "AKID");
  EXPECT_EQ(p->get("aws_secret_access_key"), "se#cret") << "'#' without a space before it is part of the value";
}

TEST(shared_config, nested_settings_are_kept_under_their_parent) {
  auto config = shared_config::parse("[default]\ns3 =\n  max_concurrent_requests = 20\n  region = nested\nregion = top\n", "");
  ASSERT_NE(config.find("default"), nullptr);
  EXPECT_EQ(config.find("default")->get("region"), "top");
  EXPECT_EQ(config.find("default")->get("max_concurrent_requests"), "");
  EXPECT_EQ(config.find("default")->get("s3.max_concurrent_requests"), "20");
  EXPECT_EQ(config.find("default")->get("s3.region"), "nested");
  EXPECT_EQ(config.find("default")->get("s3"), "") << "the parent itself has no value";
}

TEST(shared_config, services_sections_hold_endpoints_per_service) {
  auto config = shared_config::parse(
      "[profile dev]\nservices = local\n[services local]\ndynamodb =\n  endpoint_url = http://127.0.0.1:8000\n"
      "s3 =\n  endpoint_url = http://127.0.0.1:9000\n",
      "[services local]\ndynamodb =\n  endpoint_url = http://elsewhere\n");
  ASSERT_NE(config.find_services("local"), nullptr);
  EXPECT_EQ(config.find_services("local")->get("dynamodb.endpoint_url"), "http://127.0.0.1:8000")
      << "services sections come from the config file only";
  EXPECT_EQ(config.find_services("local")->get("s3.endpoint_url"), "http://127.0.0.1:9000");
  EXPECT_EQ(config.find("dev")->get("services"), "local");
  EXPECT_EQ(config.find("local"), nullptr);
  EXPECT_EQ(config.find_services("dev"), nullptr);
}

TEST(shared_config, every_setting_knows_its_file_and_line) {
  auto config = shared_config::parse("# comment\n[profile p]\nregion = r\n\naws_access_key_id = FROM_CONFIG\n",
                                     "[p]\naws_access_key_id = FROM_CREDENTIALS\n", "/c", "/k");
  EXPECT_EQ(config.find("p")->origin("region"), "/c:3");
  EXPECT_EQ(config.find("p")->origin("aws_access_key_id"), "/k:2") << "the origin of the value that won";
  EXPECT_EQ(config.find("p")->origin("output"), "");
}

TEST(shared_config, credentials_file_wins_over_config_file) {
  auto config = shared_config::parse("[profile p]\naws_access_key_id = FROM_CONFIG\nregion = r\n",
                                     "[p]\naws_access_key_id = FROM_CREDENTIALS\n");
  EXPECT_EQ(config.find("p")->get("aws_access_key_id"), "FROM_CREDENTIALS");
  EXPECT_EQ(config.find("p")->get("region"), "r");
}

TEST(shared_config, load_reads_the_files_the_environment_names) {
  testing::temp_dir dir;
  const auto config_path = dir.write("cfg", "[profile x]\nregion = ap-south-1\n");
  const auto credentials_path = dir.write("creds", "[x]\naws_access_key_id = AKIDX\n");
  auto config = shared_config::load(
      fake_env({{"AWS_CONFIG_FILE", config_path}, {"AWS_SHARED_CREDENTIALS_FILE", credentials_path}}));
  ASSERT_TRUE(config) << config.error();
  ASSERT_NE(config->find("x"), nullptr);
  EXPECT_EQ(config->find("x")->get("region"), "ap-south-1");
  EXPECT_EQ(config->find("x")->origin("region"), config_path + ":2");
  EXPECT_EQ(config->find("x")->get("aws_access_key_id"), "AKIDX");
}

TEST(shared_config, load_defaults_to_home_dot_aws_and_tolerates_missing_files) {
  testing::temp_dir dir;
  dir.write(".aws/credentials", "[default]\naws_access_key_id = AKIDHOME\n");
  auto config = shared_config::load(fake_env({{"HOME", dir.path().string()}}));
  ASSERT_TRUE(config) << config.error();
  ASSERT_NE(config->find("default"), nullptr);
  EXPECT_EQ(config->find("default")->get("aws_access_key_id"), "AKIDHOME");

  auto empty = shared_config::load(fake_env({{"HOME", (dir.path() / "nowhere").string()}}));
  ASSERT_TRUE(empty) << empty.error();
  EXPECT_EQ(empty->find("default"), nullptr);
}

TEST(shared_config, a_directory_in_place_of_a_file_is_an_error) {
  testing::temp_dir dir;
  auto config = shared_config::load(
      fake_env({{"AWS_CONFIG_FILE", dir.path().string()}, {"AWS_SHARED_CREDENTIALS_FILE", dir.path().string()}}));
  // Reported, not taken for an empty file.
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().code(), error_code::credentials);
}

TEST(shared_config, selected_profile_is_aws_profile_then_aws_default_profile_or_default) {
  EXPECT_EQ(selected_profile_name(fake_env({})), "default");
  EXPECT_EQ(profile_variable(fake_env({})), "");
  EXPECT_EQ(selected_profile_name(fake_env({{"AWS_PROFILE", "dev"}})), "dev");
  EXPECT_EQ(selected_profile_name(fake_env({{"AWS_DEFAULT_PROFILE", "old"}})), "old");
  EXPECT_EQ(profile_variable(fake_env({{"AWS_DEFAULT_PROFILE", "old"}})), "AWS_DEFAULT_PROFILE");
  EXPECT_EQ(selected_profile_name(fake_env({{"AWS_PROFILE", "dev"}, {"AWS_DEFAULT_PROFILE", "old"}})), "dev");
  EXPECT_EQ(selected_profile_name(fake_env({{"AWS_PROFILE", ""}, {"AWS_DEFAULT_PROFILE", "old"}})), "old");
}

TEST(environment_credentials, unset_is_not_configured) {
  auto found = credentials_from_environment(fake_env({}));
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->has_value());
}

TEST(environment_credentials, keys_and_token_are_read) {
  auto found = credentials_from_environment(fake_env(
      {{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "SECRETVALUE"}, {"AWS_SESSION_TOKEN", "TOKENVALUE"}}));
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->access_key_id, "AKID");
  EXPECT_EQ((*found)->secret_access_key.reveal(), "SECRETVALUE");
  EXPECT_EQ((*found)->session_token.reveal(), "TOKENVALUE");
  std::ostringstream printed;
  printed << **found;
  EXPECT_EQ(printed.str().find("SECRETVALUE"), std::string::npos);
  EXPECT_EQ(printed.str().find("TOKENVALUE"), std::string::npos);
}

TEST(environment_credentials, half_set_keys_are_an_error_without_the_secret) {
  auto no_secret = credentials_from_environment(fake_env({{"AWS_ACCESS_KEY_ID", "AKID"}}));
  ASSERT_FALSE(no_secret);
  EXPECT_EQ(no_secret.error().code(), error_code::credentials);
  auto no_key = credentials_from_environment(fake_env({{"AWS_SECRET_ACCESS_KEY", "SECRETVALUE"}}));
  ASSERT_FALSE(no_key);
  std::ostringstream printed;
  printed << no_key.error();
  EXPECT_EQ(printed.str().find("SECRETVALUE"), std::string::npos);
}

}  // namespace
}  // namespace ddbkit

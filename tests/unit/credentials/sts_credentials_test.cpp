#include <ddbkit/auth/sigv4_signer.hpp>
#include <ddbkit/credentials/profile_credentials.hpp>
#include <ddbkit/credentials/sts_credentials.hpp>

#include "credentials/xml_text.hpp"
#include "unit/credentials/credentials_test_support.hpp"

namespace ddbkit {
namespace {

using namespace testing;

std::shared_ptr<credentials_provider> source_keys() {
  return std::make_shared<static_credentials_provider>(credentials{.access_key_id = "AKIDSOURCE",
                                                                   .secret_access_key = secret_string("SOURCESECRET"),
                                                                   .session_token = secret_string("SOURCETOKEN"),
                                                                   .expiration = std::nullopt});
}

/// The Authorization header a correct signer computes for what the server received.
std::string expected_authorization(const server_request& r, const credentials& signer, std::string_view region) {
  sigv4::signable_request to_sign{.method = r.method, .path = r.target, .query = {}, .headers = {}, .payload = r.body};
  to_sign.headers.emplace_back("content-type", r.header("Content-Type"));
  to_sign.headers.emplace_back("host", r.header("Host"));
  return sigv4::sign(to_sign, signer, sigv4::signing_scope{.region = region, .service = "sts", .time = test_now})
      .authorization;
}

TEST(sts_assume_role, sends_a_signed_form_and_reads_the_credentials) {
  recording_server sts([](const server_request&) {
    return server_reply{.status = 200, .headers = {{"Content-Type", "text/xml"}},
                        .body = sts_success("AssumeRole", "ASIAROLE", "ROLESECRET", "ROLETOKEN")};
  });
  provider_harness h;
  auto provider = make_assume_role_provider(h.net(), "arn:aws:iam::123456789012:role/app", "ext-42", source_keys(),
                                            {.region = "eu-west-1", .endpoint = sts.url(), .role_session_name = "sess"});
  auto creds = h.get(*provider);
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "ASIAROLE");
  EXPECT_EQ(creds->secret_access_key.reveal(), "ROLESECRET");
  EXPECT_EQ(creds->session_token.reveal(), "ROLETOKEN");
  EXPECT_EQ(creds->expiration, test_now + 1h);

  const auto requests = sts.requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& r = requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/");
  EXPECT_EQ(r.header("Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
  const auto form = parse_form(r.body);
  EXPECT_EQ(form, (std::map<std::string, std::string>{{"Action", "AssumeRole"},
                                                      {"Version", "2011-06-15"},
                                                      {"RoleArn", "arn:aws:iam::123456789012:role/app"},
                                                      {"RoleSessionName", "sess"},
                                                      {"ExternalId", "ext-42"},
                                                      {"DurationSeconds", "3600"}}));
  // Signed with the source credentials, for STS in the region.
  EXPECT_EQ(r.header("X-Amz-Date"), "20261125T100000Z");
  EXPECT_EQ(r.header("X-Amz-Security-Token"), "SOURCETOKEN");
  EXPECT_TRUE(r.header("Authorization").starts_with("AWS4-HMAC-SHA256 Credential=AKIDSOURCE/20261125/eu-west-1/sts/aws4_request"))
      << r.header("Authorization");
  credentials signer{.access_key_id = "AKIDSOURCE", .secret_access_key = secret_string("SOURCESECRET"),
                     .session_token = secret_string("SOURCETOKEN"), .expiration = std::nullopt};
  EXPECT_EQ(r.header("Authorization"), expected_authorization(r, signer, "eu-west-1"));
}

TEST(sts_assume_role, refreshes_before_expiry_once) {
  recording_server sts([](const server_request&) {
    return server_reply{.body = sts_success("AssumeRole", "ASIAROLE", "S", "T", "2026-11-25T10:15:00Z")};
  });
  provider_harness h;
  auto provider = make_assume_role_provider(h.net(), "arn:aws:iam::1:role/r", "", source_keys(),
                                            {.region = "us-east-1", .endpoint = sts.url()});
  ASSERT_TRUE(h.get(*provider));
  h.now = test_now + 9min;  // 6 minutes left
  ASSERT_TRUE(h.get(*provider));
  EXPECT_EQ(sts.count(), 1u);
  h.now = test_now + 11min;  // 4 minutes left: inside the 5-minute window
  ASSERT_TRUE(h.get(*provider));
  EXPECT_EQ(sts.count(), 2u);
  EXPECT_FALSE(parse_form(sts.requests()[0].body).contains("ExternalId")) << "no ExternalId when none is set";
}

TEST(sts_assume_role, sts_error_is_reported_with_code_and_message) {
  recording_server sts([](const server_request&) {
    return server_reply{
        .status = 403,
        .body = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                "<Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole &amp; more"
                "</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"};
  });
  provider_harness h;
  auto provider = make_assume_role_provider(h.net(), "arn:aws:iam::1:role/r", "", source_keys(),
                                            {.region = "us-east-1", .endpoint = sts.url()});
  auto creds = h.get(*provider);
  ASSERT_FALSE(creds);
  EXPECT_EQ(creds.error().code(), error_code::credentials);
  EXPECT_EQ(creds.error().aws_type(), "AccessDenied");
  EXPECT_EQ(creds.error().http_status(), 403);
  EXPECT_NE(printed(creds.error()).find("not authorized to perform: sts:AssumeRole & more"), std::string::npos)
      << creds.error();
}

/// A source that always fails.
class failing_provider final : public credentials_provider {
 public:
  void async_get_credentials(handler h) override {
    std::move(h)(fail(error_code::credentials, "source is broken"));
  }
};

TEST(sts_assume_role, source_failure_stops_before_sts) {
  recording_server sts([](const server_request&) { return server_reply{.status = 500}; });
  provider_harness h;
  auto provider = make_assume_role_provider(h.net(), "arn:aws:iam::1:role/r", "", std::make_shared<failing_provider>(),
                                            {.endpoint = sts.url()});
  auto creds = h.get(*provider);
  ASSERT_FALSE(creds);
  EXPECT_EQ(creds.error().code(), error_code::credentials);
  EXPECT_NE(printed(creds.error()).find("source is broken"), std::string::npos) << creds.error();
  EXPECT_EQ(sts.count(), 0u);
}

TEST(sts_web_identity, sends_the_token_unsigned) {
  temp_dir dir;
  const auto token_file = dir.write("token", "eyJ.WEBTOKEN.sig\n");
  recording_server sts([](const server_request&) {
    return server_reply{.body = sts_success("AssumeRoleWithWebIdentity", "ASIAWEB", "WEBSECRET", "WEBTOKEN")};
  });
  provider_harness h;
  auto provider = make_web_identity_provider(h.net(), "arn:aws:iam::1:role/web", token_file,
                                             {.region = "eu-central-1", .endpoint = sts.url(), .role_session_name = "pod"});
  auto creds = h.get(*provider);
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "ASIAWEB");
  const auto requests = sts.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].header("Authorization"), "") << "AssumeRoleWithWebIdentity is not signed";
  EXPECT_EQ(parse_form(requests[0].body),
            (std::map<std::string, std::string>{{"Action", "AssumeRoleWithWebIdentity"},
                                                {"Version", "2011-06-15"},
                                                {"RoleArn", "arn:aws:iam::1:role/web"},
                                                {"RoleSessionName", "pod"},
                                                {"WebIdentityToken", "eyJ.WEBTOKEN.sig"},
                                                {"DurationSeconds", "3600"}}));
}

TEST(sts_web_identity, rereads_the_token_file_at_each_refresh) {
  temp_dir dir;
  const auto token_file = dir.write("token", "FIRST");
  recording_server sts([](const server_request&) {
    return server_reply{.body = sts_success("AssumeRoleWithWebIdentity", "ASIAWEB", "S", "T", "2026-11-25T10:10:00Z")};
  });
  provider_harness h;
  auto provider = make_web_identity_provider(h.net(), "arn:aws:iam::1:role/web", token_file, {.endpoint = sts.url()});
  ASSERT_TRUE(h.get(*provider));
  dir.write("token", "SECOND");
  h.now = test_now + 6min;
  ASSERT_TRUE(h.get(*provider));
  const auto requests = sts.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(parse_form(requests[0].body)["WebIdentityToken"], "FIRST");
  EXPECT_EQ(parse_form(requests[1].body)["WebIdentityToken"], "SECOND");
}

TEST(sts_web_identity, missing_token_file_is_an_error_without_a_request) {
  recording_server sts([](const server_request&) { return server_reply{.status = 500}; });
  provider_harness h;
  auto provider = make_web_identity_provider(h.net(), "arn:aws:iam::1:role/web", "/nonexistent/ddbkit/token",
                                             {.endpoint = sts.url()});
  auto creds = h.get(*provider);
  ASSERT_FALSE(creds);
  EXPECT_EQ(creds.error().code(), error_code::credentials);
  EXPECT_NE(printed(creds.error()).find("/nonexistent/ddbkit/token"), std::string::npos);
  EXPECT_EQ(sts.count(), 0u);
}

TEST(sts_xml, element_text_unescapes_entities) {
  EXPECT_EQ(detail::xml_element_text("<a><K>x&amp;y&lt;&gt;&quot;&apos;&#65;&#x42;</K></a>", "K"), "x&y<>\"'AB");
  EXPECT_EQ(detail::xml_element_text("<K/>", "K"), "");
  EXPECT_EQ(detail::xml_element_text("<K>open", "K"), std::nullopt);
  EXPECT_EQ(detail::xml_element_text("<K>&bogus;</K>", "K"), std::nullopt);
  EXPECT_EQ(detail::xml_element_text("<K><child/></K>", "K"), std::nullopt);
  EXPECT_EQ(detail::xml_element_text("<Key>v</Key>", "K"), std::nullopt);
}

/// The source_profile chain: C (static keys) -> B (role) -> A (role), each AssumeRole
/// signed with the credentials the step before produced.
TEST(profile_credentials, source_profile_role_chain_assumes_each_role_in_turn) {
  recording_server sts([](const server_request& r) {
    const auto form = parse_form(r.body);
    const bool first = form.at("RoleArn") == "arn:aws:iam::1:role/b";
    return server_reply{.body = sts_success("AssumeRole", first ? "ASIAB" : "ASIAA", first ? "SECRETB" : "SECRETA",
                                            first ? "TOKENB" : "TOKENA")};
  });
  provider_harness h;
  auto config = shared_config::parse(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\nexternal_id = ext-a\n"
      "role_session_name = sess-a\nduration_seconds = 900\n"
      "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\nregion = ap-southeast-2\n",
      "[c]\naws_access_key_id = AKIDC\naws_secret_access_key = SECRETC\n");
  auto provider = make_profile_provider(h.net(), config, "a", fake_env({}), {.endpoint = sts.url()});
  ASSERT_TRUE(provider) << provider.error();
  ASSERT_NE(*provider, nullptr);
  auto creds = h.get(**provider);
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "ASIAA");

  const auto requests = sts.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(parse_form(requests[0].body)["RoleArn"], "arn:aws:iam::1:role/b");
  EXPECT_TRUE(requests[0].header("Authorization").starts_with("AWS4-HMAC-SHA256 Credential=AKIDC/20261125/ap-southeast-2/sts/"))
      << requests[0].header("Authorization");
  const auto second = parse_form(requests[1].body);
  EXPECT_EQ(second.at("RoleArn"), "arn:aws:iam::1:role/a");
  EXPECT_EQ(second.at("ExternalId"), "ext-a");
  EXPECT_EQ(second.at("RoleSessionName"), "sess-a");
  EXPECT_EQ(second.at("DurationSeconds"), "900");
  EXPECT_TRUE(requests[1].header("Authorization").starts_with("AWS4-HMAC-SHA256 Credential=ASIAB/"))
      << requests[1].header("Authorization");
  EXPECT_EQ(requests[1].header("X-Amz-Security-Token"), "TOKENB");
}

TEST(profile_credentials, source_profile_cycle_is_an_error_naming_it) {
  provider_harness h;
  auto config = shared_config::parse(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n",
      "");
  auto provider = make_profile_provider(h.net(), config, "a", fake_env({}));
  ASSERT_FALSE(provider);
  EXPECT_EQ(provider.error().code(), error_code::credentials);
  EXPECT_NE(printed(provider.error()).find("a -> b -> a"), std::string::npos) << provider.error();
}

TEST(profile_credentials, a_profile_may_be_its_own_source) {
  recording_server sts([](const server_request&) {
    return server_reply{.body = sts_success("AssumeRole", "ASIASELF", "S", "T")};
  });
  provider_harness h;
  auto config = shared_config::parse("", "[self]\nrole_arn = arn:aws:iam::1:role/s\nsource_profile = self\n"
                                         "aws_access_key_id = AKIDSELF\naws_secret_access_key = SELFSECRET\n");
  auto provider = make_profile_provider(h.net(), config, "self", fake_env({}), {.endpoint = sts.url()});
  ASSERT_TRUE(provider) << provider.error();
  auto creds = h.get(**provider);
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "ASIASELF");
  ASSERT_EQ(sts.count(), 1u);
  EXPECT_TRUE(sts.requests()[0].header("Authorization").starts_with("AWS4-HMAC-SHA256 Credential=AKIDSELF/"));
}

TEST(profile_credentials, static_keys_process_and_empty_profiles) {
  provider_harness h;
  auto config = shared_config::parse(
      "[profile proc]\ncredential_process = printf '{\"Version\":1,\"AccessKeyId\":\"AKIDPROC\",\"SecretAccessKey\":\"S\"}'\n"
      "[profile empty]\nregion = eu-west-1\n[profile half]\naws_access_key_id = AKIDHALF\n",
      "[keys]\naws_access_key_id = AKIDKEYS\naws_secret_access_key = KEYSSECRET\naws_session_token = KEYSTOKEN\n");
  auto keys = make_profile_provider(h.net(), config, "keys", fake_env({}));
  ASSERT_TRUE(keys && *keys);
  auto key_creds = h.get(**keys);
  ASSERT_TRUE(key_creds);
  EXPECT_EQ(key_creds->access_key_id, "AKIDKEYS");
  EXPECT_EQ(key_creds->session_token.reveal(), "KEYSTOKEN");

  auto proc = make_profile_provider(h.net(), config, "proc", fake_env({}));
  ASSERT_TRUE(proc && *proc);
  auto proc_creds = h.get(**proc);
  ASSERT_TRUE(proc_creds) << proc_creds.error();
  EXPECT_EQ(proc_creds->access_key_id, "AKIDPROC");

  auto empty = make_profile_provider(h.net(), config, "empty", fake_env({}));
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, nullptr) << "a profile without credential settings is not a source of credentials";

  auto half = make_profile_provider(h.net(), config, "half", fake_env({}));
  ASSERT_FALSE(half);
  EXPECT_EQ(half.error().code(), error_code::credentials);

  auto missing = make_profile_provider(h.net(), config, "missing", fake_env({}));
  ASSERT_FALSE(missing);
}

}  // namespace
}  // namespace ddbkit

#include <ddbkit/credentials/container_credentials.hpp>
#include <ddbkit/credentials/imds_credentials.hpp>

#include "unit/credentials/credentials_test_support.hpp"

namespace ddbkit {
namespace {

using namespace testing;

TEST(container_credentials, gets_the_full_uri_with_the_authorization_token) {
  recording_server endpoint([](const server_request&) {
    return server_reply{.body = metadata_json("ASIACONT", "CONTSECRET", "CONTTOKEN")};
  });
  provider_harness h;
  auto settings = container_settings_from_env(fake_env({
      {"AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.url() + "/v2/credentials/abc?x=1"},
      {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer AUTHVALUE"},
  }));
  ASSERT_TRUE(settings && *settings) << (settings ? "not configured" : printed(settings.error()));
  auto provider = make_container_provider(h.net(), std::move(**settings));
  auto creds = h.get(*provider);
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "ASIACONT");
  EXPECT_EQ(creds->secret_access_key.reveal(), "CONTSECRET");
  EXPECT_EQ(creds->session_token.reveal(), "CONTTOKEN");
  EXPECT_EQ(creds->expiration, test_now + 1h);
  const auto requests = endpoint.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target, "/v2/credentials/abc?x=1");
  EXPECT_EQ(requests[0].header("Authorization"), "Bearer AUTHVALUE");
}

TEST(container_credentials, token_file_wins_and_is_reread) {
  temp_dir dir;
  const auto token_file = dir.write("token", "FROMFILE1\n");
  recording_server endpoint([](const server_request&) {
    return server_reply{.body = metadata_json("ASIACONT", "S", "T", "2026-11-25T10:10:00Z")};
  });
  provider_harness h;
  auto settings = container_settings_from_env(fake_env({
      {"AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.url() + "/creds"},
      {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "FROMENV"},
      {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file},
  }));
  ASSERT_TRUE(settings && *settings);
  auto provider = make_container_provider(h.net(), std::move(**settings));
  ASSERT_TRUE(h.get(*provider));
  dir.write("token", "FROMFILE2");
  h.now = test_now + 6min;  // within 5 minutes of expiry
  ASSERT_TRUE(h.get(*provider));
  const auto requests = endpoint.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].header("Authorization"), "FROMFILE1");
  EXPECT_EQ(requests[1].header("Authorization"), "FROMFILE2");
}

TEST(container_credentials, relative_uri_goes_to_the_ecs_agent) {
  auto settings = container_settings_from_env(fake_env({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/id"}}));
  ASSERT_TRUE(settings && *settings);
  EXPECT_EQ((*settings)->url, "http://169.254.170.2/v2/credentials/id");
  auto none = container_settings_from_env(fake_env({}));
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
}

TEST(container_credentials, full_uri_must_be_https_or_a_local_address) {
  for (const char* allowed : {"http://127.0.0.1:8080/c", "http://localhost/c", "http://169.254.170.2/c",
                              "http://169.254.170.23/c", "http://[::1]:9/c", "https://creds.example.com/c"}) {
    auto settings = container_settings_from_env(fake_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", allowed}}));
    EXPECT_TRUE(settings && *settings) << allowed;
  }
  for (const char* refused : {"http://creds.example.com/c", "http://10.0.0.1/c", "ftp://127.0.0.1/c", "not a url"}) {
    auto settings = container_settings_from_env(fake_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", refused}}));
    ASSERT_FALSE(settings) << refused;
    EXPECT_EQ(settings.error().code(), error_code::credentials);
  }
}

TEST(container_credentials, error_status_is_reported_without_the_body) {
  recording_server endpoint([](const server_request&) {
    return server_reply{.status = 500, .body = metadata_json("ASIA", "LEAKEDSECRET", "LEAKEDTOKEN")};
  });
  provider_harness h;
  auto provider = make_container_provider(h.net(), {.url = endpoint.url() + "/creds"});
  auto creds = h.get(*provider);
  ASSERT_FALSE(creds);
  EXPECT_EQ(creds.error().http_status(), 500);
  EXPECT_EQ(printed(creds.error()).find("LEAKED"), std::string::npos) << creds.error();
}

/// An IMDS with one role; `role_code` is the credentials document's Code.
handler_fn imds(std::string role_code = "Success") {
  return [role_code](const server_request& r) {
    if (r.method == "PUT" && r.target == "/latest/api/token") return server_reply{.body = "IMDSSESSIONTOKEN"};
    if (r.header("X-aws-ec2-metadata-token") != "IMDSSESSIONTOKEN") return server_reply{.status = 401};
    if (r.target == "/latest/meta-data/iam/security-credentials/") return server_reply{.body = "app-role\n"};
    if (r.target == "/latest/meta-data/iam/security-credentials/app-role") {
      std::string body = metadata_json("ASIAIMDS", "IMDSSECRET", "IMDSTOKEN");
      if (role_code != "Success") body.replace(body.find("Success"), 7, role_code);
      return server_reply{.body = body};
    }
    return server_reply{.status = 404};
  };
}

TEST(imds_credentials, token_then_role_then_credentials) {
  recording_server server(imds());
  provider_harness h;
  auto provider = make_imds_provider(h.net(), {.endpoint = server.url()});
  auto creds = h.get(*provider);
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "ASIAIMDS");
  EXPECT_EQ(creds->secret_access_key.reveal(), "IMDSSECRET");
  EXPECT_EQ(creds->session_token.reveal(), "IMDSTOKEN");
  EXPECT_EQ(creds->expiration, test_now + 1h);

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].target, "/latest/api/token");
  EXPECT_EQ(requests[0].header("X-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(requests[1].method, "GET");
  EXPECT_EQ(requests[1].target, "/latest/meta-data/iam/security-credentials/");
  EXPECT_EQ(requests[1].header("X-aws-ec2-metadata-token"), "IMDSSESSIONTOKEN");
  EXPECT_EQ(requests[2].target, "/latest/meta-data/iam/security-credentials/app-role");
  EXPECT_EQ(requests[2].header("X-aws-ec2-metadata-token"), "IMDSSESSIONTOKEN");

  // Cached until the refresh window.
  ASSERT_TRUE(h.get(*provider));
  EXPECT_EQ(server.count(), 3u);
  h.now = test_now + 56min;
  ASSERT_TRUE(h.get(*provider));
  EXPECT_EQ(server.count(), 6u);
}

TEST(imds_credentials, a_failure_code_is_an_error) {
  recording_server server(imds("Failure"));
  provider_harness h;
  auto provider = make_imds_provider(h.net(), {.endpoint = server.url()});
  auto creds = h.get(*provider);
  ASSERT_FALSE(creds);
  EXPECT_NE(printed(creds.error()).find("Failure"), std::string::npos) << creds.error();
  EXPECT_EQ(printed(creds.error()).find("IMDSSECRET"), std::string::npos);
}

TEST(imds_credentials, refused_token_is_an_error_naming_the_step) {
  recording_server server([](const server_request&) { return server_reply{.status = 403}; });
  provider_harness h;
  auto provider = make_imds_provider(h.net(), {.endpoint = server.url()});
  auto creds = h.get(*provider);
  ASSERT_FALSE(creds);
  EXPECT_EQ(creds.error().code(), error_code::credentials);
  EXPECT_NE(printed(creds.error()).find("IMDS token: HTTP 403"), std::string::npos) << creds.error();
  EXPECT_EQ(server.count(), 1u);
}

TEST(imds_credentials, a_silent_endpoint_times_out_quickly) {
  recording_server server([](const server_request&) { return server_reply{.body = "late", .delay = 3000ms}; });
  provider_harness h;
  auto provider = make_imds_provider(h.net(), {.endpoint = server.url(), .timeout = 200ms});
  const auto before = std::chrono::steady_clock::now();
  auto creds = h.get(*provider, 10s);
  const auto took = std::chrono::steady_clock::now() - before;
  ASSERT_FALSE(creds);
  EXPECT_NE(printed(creds.error()).find("within 200 ms"), std::string::npos) << creds.error();
  EXPECT_LT(took, 2500ms) << "bounded by the IMDS timeout, not by the server's delay";
}

}  // namespace
}  // namespace ddbkit

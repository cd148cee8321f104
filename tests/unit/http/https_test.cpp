// TLS: trust anchors, host-name verification and the handshake's place in connect_timeout,
// against the loopback server with a PKI generated for each test.
#include "common/test_http_server.hpp"
#include "unit/http/http_test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ddbkit::testing {
namespace {

namespace asio = boost::asio;
using ::testing::AnyOf;
using ::testing::HasSubstr;

server_reply ok() {
  server_reply r;
  r.body = R"({"TableNames":[]})";
  return r;
}

http::http_options trusting(const test_pki& pki) {
  http::http_options options;
  options.ca_file = pki.ca_file();
  return options;
}

TEST(https, succeeds_with_the_ca_in_ca_file_and_keeps_the_connection_alive) {
  test_pki pki;
  test_http_server server([](const server_request&) { return ok(); }, &pki);
  client_harness h(trusting(pki));
  for (int i = 0; i < 3; ++i) {
    auto res = h.send(server.url("127.0.0.1"));
    ASSERT_TRUE(res) << res.error();
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, R"({"TableNames":[]})");
  }
  EXPECT_EQ(server.connections_accepted(), 1u);
}

TEST(https, verifies_a_dns_name_from_the_certificate) {
  test_pki pki;
  test_http_server server([](const server_request&) { return ok(); }, &pki);
  client_harness h(trusting(pki));
  auto res = h.send(server.url("localhost"));  // may try ::1 first; nothing listens there
  ASSERT_TRUE(res) << res.error();
  EXPECT_EQ(res->status, 200);
}

TEST(https, fails_verification_without_the_ca) {
  test_pki pki;
  test_http_server server([](const server_request&) { return ok(); }, &pki);
  client_harness h;
  auto res = h.send(server.url());
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code(), error_code::network);
  EXPECT_FALSE(res.error().outcome_unknown());
  EXPECT_THAT(std::string(res.error().message()), HasSubstr("certificate"));
  EXPECT_EQ(server.requests(), 0u);
}

TEST(https, fails_when_the_name_is_not_in_the_certificate) {
  test_pki pki({"other.example"}, {});
  test_http_server server([](const server_request&) { return ok(); }, &pki);
  client_harness h(trusting(pki));
  auto res = h.send(server.url("127.0.0.1"));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code(), error_code::network);
  EXPECT_THAT(std::string(res.error().message()), HasSubstr("certificate"));
  EXPECT_THAT(std::string(res.error().message()), HasSubstr("mismatch"));

  auto by_name = h.send(server.url("localhost"));
  ASSERT_FALSE(by_name);
  EXPECT_THAT(std::string(by_name.error().message()), HasSubstr("hostname mismatch"));
  EXPECT_EQ(server.requests(), 0u);
}

TEST(https, verify_tls_false_accepts_an_untrusted_certificate) {
  test_pki pki({"other.example"}, {});
  test_http_server server([](const server_request&) { return ok(); }, &pki);
  http::http_options options;
  options.verify_tls = false;
  client_harness h(options);
  auto res = h.send(server.url());
  ASSERT_TRUE(res) << res.error();
  EXPECT_EQ(res->status, 200);
}

TEST(https, unreadable_ca_file_is_a_validation_error) {
  http::http_options options;
  options.ca_file = "/nonexistent/ddbkit-ca.pem";
  client_harness h(options);
  auto res = h.send("https://127.0.0.1:1");
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code(), error_code::validation);
  EXPECT_EQ(res.error().field(), "http_options.ca_file");
}

TEST(https, tls_handshake_counts_against_connect_timeout) {
  // Accepts TCP connections and never says a word: the handshake can only time out.
  asio::io_context silent_ioc;
  asio::ip::tcp::acceptor silent(silent_ioc, {asio::ip::make_address("127.0.0.1"), 0});
  http::http_options options;
  options.connect_timeout = 200ms;
  client_harness h(options);
  const auto start = std::chrono::steady_clock::now();
  auto res = h.send("https://127.0.0.1:" + std::to_string(silent.local_endpoint().port()));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code(), error_code::timeout) << res.error();
  EXPECT_FALSE(res.error().outcome_unknown());
  EXPECT_THAT(std::string(res.error().message()), AnyOf(HasSubstr("TLS handshake"), HasSubstr("connect")));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2000ms);
}

}  // namespace
}  // namespace ddbkit::testing

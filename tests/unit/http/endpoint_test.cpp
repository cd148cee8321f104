#include <ddbkit/http/endpoint.hpp>
#include <ddbkit/http/message.hpp>

#include "http/request_writer.hpp"

#include <gtest/gtest.h>

namespace ddbkit::http {
namespace {

TEST(endpoint, parses_a_regional_https_endpoint_with_the_default_port) {
  auto ep = endpoint::parse("https://dynamodb.eu-west-1.amazonaws.com");
  ASSERT_TRUE(ep) << ep.error();
  EXPECT_EQ(ep->scheme, "https");
  EXPECT_EQ(ep->host, "dynamodb.eu-west-1.amazonaws.com");
  EXPECT_EQ(ep->port, 443);
  EXPECT_TRUE(ep->tls());
  EXPECT_EQ(ep->host_header(), "dynamodb.eu-west-1.amazonaws.com");
  EXPECT_EQ(ep->url(), "https://dynamodb.eu-west-1.amazonaws.com");
}

TEST(endpoint, keeps_an_explicit_port_in_the_host_header) {
  auto ep = endpoint::parse("http://127.0.0.1:8000");
  ASSERT_TRUE(ep) << ep.error();
  EXPECT_EQ(ep->scheme, "http");
  EXPECT_EQ(ep->host, "127.0.0.1");
  EXPECT_EQ(ep->port, 8000);
  EXPECT_FALSE(ep->tls());
  EXPECT_EQ(ep->host_header(), "127.0.0.1:8000");
  EXPECT_EQ(ep->url(), "http://127.0.0.1:8000");
}

TEST(endpoint, http_defaults_to_port_80) {
  auto ep = endpoint::parse("http://localhost");
  ASSERT_TRUE(ep) << ep.error();
  EXPECT_EQ(ep->port, 80);
  EXPECT_EQ(ep->host_header(), "localhost");
}

TEST(endpoint, normalizes_case_and_accepts_a_root_path) {
  auto ep = endpoint::parse("HTTPS://DynamoDB.Example.COM:443/");
  ASSERT_TRUE(ep) << ep.error();
  EXPECT_EQ(ep->scheme, "https");
  EXPECT_EQ(ep->host, "dynamodb.example.com");
  EXPECT_EQ(ep->host_header(), "dynamodb.example.com");
}

TEST(endpoint, ipv6_literal_is_stored_without_brackets_and_bracketed_in_the_host_header) {
  auto ep = endpoint::parse("http://[::1]:8000");
  ASSERT_TRUE(ep) << ep.error();
  EXPECT_EQ(ep->host, "::1");
  EXPECT_EQ(ep->port, 8000);
  EXPECT_EQ(ep->host_header(), "[::1]:8000");
  EXPECT_EQ(ep->url(), "http://[::1]:8000");

  auto tls = endpoint::parse("https://[2001:DB8::1]");
  ASSERT_TRUE(tls) << tls.error();
  EXPECT_EQ(tls->host, "2001:db8::1");
  EXPECT_EQ(tls->host_header(), "[2001:db8::1]");
}

TEST(endpoint, round_trips_through_url) {
  for (const char* url : {"http://127.0.0.1:8000", "https://example.com", "https://[::1]:8443"}) {
    auto ep = endpoint::parse(url);
    ASSERT_TRUE(ep) << url;
    EXPECT_EQ(ep->url(), url);
    EXPECT_EQ(endpoint::parse(ep->url()).value(), *ep);
  }
}

TEST(endpoint, refuses_anything_but_an_absolute_http_url_with_a_host) {
  for (const char* url : {"", "dynamodb.us-east-1.amazonaws.com", "ftp://example.com", "http://", "http:///x",
                          "http://example.com/path", "http://example.com?a=1", "http://example.com#frag",
                          "http://user:secret@example.com", "http://example.com:0", "http://example.com:70000",
                          "http://example.com:", "http://exa%41mple.com", "http://[::1"}) {
    auto ep = endpoint::parse(url);
    ASSERT_FALSE(ep) << url;
    EXPECT_EQ(ep.error().code(), error_code::validation) << url;
    EXPECT_EQ(ep.error().field(), "endpoint") << url;
  }
}

TEST(endpoint, error_for_user_information_does_not_echo_the_secret) {
  auto ep = endpoint::parse("https://user:hunter2@example.com");
  ASSERT_FALSE(ep);
  EXPECT_EQ(std::string(ep.error().message()).find("hunter2"), std::string::npos);
}

TEST(message, header_lookup_ignores_case_and_takes_the_first) {
  response res;
  res.headers = {{"X-Amzn-RequestId", "abc"}, {"x-amzn-requestid", "second"}, {"Content-Type", "json"}};
  EXPECT_EQ(res.header_value("x-amzn-requestid"), "abc");
  EXPECT_EQ(res.header_value("CONTENT-TYPE"), "json");
  EXPECT_EQ(res.header_value("missing"), "");

  request req;
  req.headers = {{"X-Amz-Target", "DynamoDB_20120810.GetItem"}};
  EXPECT_EQ(req.header_value("x-amz-target"), "DynamoDB_20120810.GetItem");
  EXPECT_EQ(req.header_value("x-amz-targe"), "");
}

TEST(request_writer, writes_request_line_host_headers_length_and_body) {
  request req;
  req.headers = {{"Content-Type", "application/x-amz-json-1.0"}, {"host", "evil"}, {"Content-Length", "1"}};
  req.body = R"({"TableName":"t"})";
  auto wire = detail::write_request(req, endpoint::parse("http://127.0.0.1:8000").value());
  ASSERT_TRUE(wire) << wire.error();
  EXPECT_EQ(*wire,
            "POST / HTTP/1.1\r\n"
            "Host: 127.0.0.1:8000\r\n"
            "Content-Type: application/x-amz-json-1.0\r\n"
            "Content-Length: 17\r\n"
            "\r\n"
            R"({"TableName":"t"})");
}

TEST(request_writer, empty_post_states_a_zero_length_and_empty_get_states_none) {
  const auto ep = endpoint::parse("https://example.com").value();
  request post;
  EXPECT_EQ(detail::write_request(post, ep).value(), "POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 0\r\n\r\n");
  request get;
  get.method = "GET";
  get.target = "/health?x=1";
  EXPECT_EQ(detail::write_request(get, ep).value(), "GET /health?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n");
}

TEST(request_writer, refuses_text_that_could_smuggle_a_second_request) {
  const auto ep = endpoint::parse("http://127.0.0.1:8000").value();
  auto with = [](auto change) {
    request req;
    change(req);
    return req;
  };
  const request bad[] = {
      with([](request& r) { r.headers = {{"X-Test", "a\r\nGET / HTTP/1.1"}}; }),
      with([](request& r) { r.headers = {{"X Test", "a"}}; }),
      with([](request& r) { r.headers = {{"", "a"}}; }),
      with([](request& r) { r.headers = {{"Transfer-Encoding", "chunked"}}; }),
      with([](request& r) { r.method = "PO ST"; }),
      with([](request& r) { r.target = "/ HTTP/1.1\r\n"; }),
      with([](request& r) { r.target = ""; }),
  };
  for (const auto& req : bad) {
    auto wire = detail::write_request(req, ep);
    ASSERT_FALSE(wire);
    EXPECT_EQ(wire.error().code(), error_code::validation);
  }
}

TEST(request_writer, finds_a_control_character_anywhere_in_a_long_value_and_lets_tabs_and_utf8_through) {
  // Values are checked eight bytes at a time: every position of a 40-byte value, every
  // byte value there.
  const auto ep = endpoint::parse("http://127.0.0.1:8000").value();
  for (std::size_t at = 0; at < 40; ++at) {
    for (int b = 0; b < 256; ++b) {
      std::string value(40, 'v');
      value[at] = static_cast<char>(b);
      request req;
      req.headers = {{"X-Test", value}};
      const bool allowed = (b >= 0x20 || b == '\t') && b != 0x7f;
      EXPECT_EQ(detail::write_request(req, ep).has_value(), allowed) << "byte " << b << " at " << at;
    }
  }
}

}  // namespace
}  // namespace ddbkit::http

#pragma once
// Shared by the credentials tests: a local server that plays STS / IMDS / the container
// endpoint and records what it was sent, and a provider driver on a test-owned io_context.
#include <ddbkit/auth/credentials_provider.hpp>
#include <ddbkit/credentials/credentials_network.hpp>
#include <ddbkit/http/http_client.hpp>

#include <boost/asio/bind_executor.hpp>

#include "common/fake_environment.hpp"
#include "common/temp_dir.hpp"
#include "common/test_http_server.hpp"
#include "unit/http/http_test_support.hpp"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <sstream>

namespace ddbkit::testing {

using namespace std::chrono_literals;
using time_point = std::chrono::system_clock::time_point;
using handler_fn = std::function<server_reply(const server_request&)>;

/// 2026-11-25T10:00:00Z: the tests' "now".
inline const time_point test_now = std::chrono::sys_days(std::chrono::year(2026) / 11 / 25) + std::chrono::hours(10);

/// A local server answering with `respond`, keeping every request it got.
class recording_server {
 public:
  explicit recording_server(handler_fn respond) : respond_(std::move(respond)) {}

  std::string url() const { return server_.url(); }
  std::vector<server_request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::size_t count() const { return requests().size(); }
  void set_respond(handler_fn respond) {
    std::lock_guard lock(mutex_);
    respond_ = std::move(respond);
  }

 private:
  server_reply on_request(const server_request& r) {
    handler_fn respond;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(r);
      respond = respond_;
    }
    return respond(r);
  }

  mutable std::mutex mutex_;
  std::vector<server_request> requests_;
  handler_fn respond_;
  test_http_server server_{[this](const server_request& r) { return on_request(r); }};
};

/// Providers on an io_context that the test thread runs; the clock is the test's.
struct provider_harness {
  boost::asio::io_context ioc;
  std::shared_ptr<http::http_client> http = std::make_shared<http::http_client>(ioc.get_executor(), http::http_options{});
  time_point now = test_now;

  credentials_network net() {
    return credentials_network{.executor = ioc.get_executor(), .transport = http, .clock = [this] { return now; }};
  }

  /// Asks `p` once and runs the io_context until it answers (bounded).
  result<credentials> get(credentials_provider& p, std::chrono::milliseconds limit = 10s) {
    auto slot = std::make_shared<std::optional<result<credentials>>>();
    // Bound to the io_context, so the answer lands on this thread even from a provider
    // that finishes on a thread of its own (credential_process).
    p.async_get_credentials(
        boost::asio::bind_executor(ioc.get_executor(), [slot](result<credentials> r) { *slot = std::move(r); }));
    run_until(ioc, [&] { return slot->has_value(); }, limit);
    if (!slot->has_value()) return fail(error_code::timeout, "test: the provider did not answer in time");
    return std::move(**slot);
  }
};

/// application/x-www-form-urlencoded, decoded.
inline std::map<std::string, std::string> parse_form(std::string_view body) {
  auto decode = [](std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '%' && i + 2 < s.size()) {
        out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
        i += 2;
      } else {
        out += s[i] == '+' ? ' ' : s[i];
      }
    }
    return out;
  };
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start < body.size()) {
    const auto end = std::min(body.find('&', start), body.size());
    const auto pair = body.substr(start, end - start);
    const auto eq = pair.find('=');
    out[decode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1));
    start = end + 1;
  }
  return out;
}

/// An STS success response for `action` (AssumeRole or AssumeRoleWithWebIdentity).
inline std::string sts_success(std::string_view action, std::string_view key_id, std::string_view secret,
                               std::string_view token, std::string_view expiration = "2026-11-25T11:00:00Z") {
  std::ostringstream out;
  out << "<" << action << "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" << action
      << "Result><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser>"
      << "<Credentials><AccessKeyId>" << key_id << "</AccessKeyId><SecretAccessKey>" << secret
      << "</SecretAccessKey><SessionToken>" << token << "</SessionToken><Expiration>" << expiration
      << "</Expiration></Credentials></" << action << "Result></" << action << "Response>";
  return out.str();
}

inline std::string printed(const error& e) {
  std::ostringstream out;
  out << e;
  return out.str();
}

/// {AccessKeyId, SecretAccessKey, Token, Expiration} as the container endpoint and IMDS send it.
inline std::string metadata_json(std::string_view key_id, std::string_view secret, std::string_view token,
                                 std::string_view expiration = "2026-11-25T11:00:00Z") {
  return std::string(R"js({"Code":"Success","Type":"AWS-HMAC","AccessKeyId":")js") + std::string(key_id) +
         R"js(","SecretAccessKey":")js" + std::string(secret) + R"js(","Token":")js" + std::string(token) +
         R"js(","Expiration":")js" + std::string(expiration) + R"js("})js";
}

}  // namespace ddbkit::testing

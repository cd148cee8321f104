#pragma once
// Shared by the HTTP client tests: a client on a test-owned io_context, and a blocking send.
#include <ddbkit/http/http_client.hpp>

#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace ddbkit::testing {

using namespace std::chrono_literals;

/// Runs `ioc` on this thread until `done()` holds or `limit` passes.
inline void run_until(boost::asio::io_context& ioc, const std::function<bool()>& done,
                      std::chrono::milliseconds limit = 5000ms) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    if (ioc.stopped()) ioc.restart();
    ioc.run_one_for(10ms);
  }
}

/// Runs `ioc` for `duration`, whatever happens.
inline void run_for(boost::asio::io_context& ioc, std::chrono::milliseconds duration) {
  run_until(ioc, [] { return false; }, duration);
}

/// An http_client on its own io_context, driven by the test thread.
struct client_harness {
  explicit client_harness(http::http_options options = {})
      : client(std::make_unique<http::http_client>(ioc.get_executor(), std::move(options))) {}

  static http::endpoint endpoint_of(const std::string& url) {
    auto ep = http::endpoint::parse(url);
    EXPECT_TRUE(ep.has_value()) << url;
    return ep.value_or(http::endpoint{});
  }

  static http::request post(std::string body = "{}") {
    http::request req;
    req.body = std::move(body);
    req.headers.push_back({"Content-Type", "application/x-amz-json-1.0"});
    return req;
  }

  /// Starts a request; its result lands in the returned slot.
  std::shared_ptr<std::optional<result<http::response>>> start(const std::string& url, http::request req = post(),
                                                              std::chrono::milliseconds timeout = 0ms) {
    auto slot = std::make_shared<std::optional<result<http::response>>>();
    client->async_send(endpoint_of(url), std::move(req), timeout,
                       [slot](result<http::response> r) { *slot = std::move(r); });
    return slot;
  }

  /// Sends one request and waits (at most 5 s) for its completion.
  result<http::response> send(const std::string& url, http::request req = post(),
                              std::chrono::milliseconds timeout = 0ms) {
    auto slot = start(url, std::move(req), timeout);
    run_until(ioc, [&] { return slot->has_value(); });
    if (!slot->has_value()) return fail(error_code::unknown, "test: no completion within 5 s");
    return std::move(**slot);
  }

  boost::asio::io_context ioc;
  std::unique_ptr<http::http_client> client;
};

}  // namespace ddbkit::testing

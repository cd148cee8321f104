// The HTTP client's connection events (http::connection_listener), for both pools, against
// the scripted loopback server: each connection is opened once, reused and released per
// request, closed once, and the busy/idle counts the events imply match the pool's.
#include "common/test_http_server.hpp"
#include "unit/http/http_test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

namespace ddbkit::testing {
namespace {

using http::connection_event;
using ::testing::ElementsAre;

server_reply ok() {
  server_reply r;
  r.body = "{}";
  r.headers = {{"Content-Type", "application/x-amz-json-1.0"}};
  return r;
}

/// Records every event, and checks on the way that the counts it implies never go negative.
class recording_listener final : public http::connection_listener {
 public:
  void on_connection(std::string_view endpoint, connection_event event) noexcept override {
    std::lock_guard lock(mutex_);
    endpoints_.emplace_back(endpoint);
    events_.push_back(event);
    switch (event) {
      case connection_event::opened: ++busy_; break;
      case connection_event::reused: --idle_, ++busy_; break;
      case connection_event::released: --busy_, ++idle_; break;
      case connection_event::closed_idle: --idle_; break;
      case connection_event::closed_busy: --busy_; break;
    }
    if (busy_ < 0 || idle_ < 0) consistent_ = false;
  }
  std::vector<connection_event> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::vector<std::string> endpoints() const {
    std::lock_guard lock(mutex_);
    return endpoints_;
  }
  int busy() const {
    std::lock_guard lock(mutex_);
    return busy_;
  }
  int idle() const {
    std::lock_guard lock(mutex_);
    return idle_;
  }
  bool consistent() const {
    std::lock_guard lock(mutex_);
    return consistent_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<connection_event> events_;
  std::vector<std::string> endpoints_;
  int busy_ = 0;
  int idle_ = 0;
  bool consistent_ = true;
};

struct listened_client {
  explicit listened_client(http::http_options options = {})
      : listener(std::make_shared<recording_listener>()),
        client(std::make_unique<http::http_client>(ioc.get_executor(), std::move(options), listener)) {}

  result<http::response> send(const std::string& url) {
    auto slot = std::make_shared<std::optional<result<http::response>>>();
    client->async_send(client_harness::endpoint_of(url), client_harness::post(), 0ms,
                       [slot](result<http::response> r) { *slot = std::move(r); });
    run_until(ioc, [&] { return slot->has_value(); });
    if (!slot->has_value()) return fail(error_code::unknown, "test: no completion within 5 s");
    return std::move(**slot);
  }

  boost::asio::io_context ioc;
  std::shared_ptr<recording_listener> listener;
  std::unique_ptr<http::http_client> client;
};

TEST(connection_events, a_kept_alive_connection_is_opened_once_then_reused_and_released_per_request) {
  test_http_server server([](const server_request&) { return ok(); });
  listened_client c;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(c.send(server.url()));
  EXPECT_THAT(c.listener->events(),
              ElementsAre(connection_event::opened, connection_event::released, connection_event::reused,
                          connection_event::released, connection_event::reused, connection_event::released));
  EXPECT_EQ(c.listener->endpoints().front(), server.url());
  EXPECT_EQ(c.listener->idle(), 1);
  EXPECT_EQ(c.listener->busy(), 0);
  EXPECT_EQ(static_cast<std::size_t>(c.listener->idle()), c.client->stats().idle);

  c.client->close_idle();
  run_until(c.ioc, [&] { return c.listener->idle() == 0; });
  EXPECT_EQ(c.listener->events().back(), connection_event::closed_idle);
  EXPECT_TRUE(c.listener->consistent());
}

TEST(connection_events, a_connection_the_server_retires_is_closed_busy_and_a_new_one_opened) {
  test_http_server server([](const server_request& r) {
    auto reply = ok();
    reply.connection_close = r.connection == 1;
    return reply;
  });
  listened_client c;
  ASSERT_TRUE(c.send(server.url()));
  ASSERT_TRUE(c.send(server.url()));
  EXPECT_THAT(c.listener->events(), ElementsAre(connection_event::opened, connection_event::closed_busy,
                                                connection_event::opened, connection_event::released));
  EXPECT_TRUE(c.listener->consistent());
}

TEST(connection_events, a_connection_handed_to_a_waiting_request_is_released_and_reused) {
  test_http_server server([](const server_request&) {
    auto reply = ok();
    reply.delay = 20ms;
    return reply;
  });
  http::http_options options;
  options.max_connections_per_endpoint = 1;
  listened_client c(options);
  std::vector<std::shared_ptr<std::optional<result<http::response>>>> slots;
  for (int i = 0; i < 3; ++i) {
    auto slot = std::make_shared<std::optional<result<http::response>>>();
    c.client->async_send(client_harness::endpoint_of(server.url()), client_harness::post(), 0ms,
                         [slot](result<http::response> r) { *slot = std::move(r); });
    slots.push_back(slot);
  }
  run_until(c.ioc, [&] { return std::ranges::all_of(slots, [](auto& s) { return s->has_value(); }); });
  for (const auto& slot : slots) ASSERT_TRUE(slot->has_value() && **slot);
  EXPECT_THAT(c.listener->events(),
              ElementsAre(connection_event::opened, connection_event::released, connection_event::reused,
                          connection_event::released, connection_event::reused, connection_event::released));
  EXPECT_EQ(server.connections_accepted(), 1u);
}

TEST(connection_events, a_connection_that_never_connected_is_not_reported) {
  std::uint16_t port = 0;
  {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor acceptor(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    port = acceptor.local_endpoint().port();
  }
  listened_client c;
  const auto url = "http://127.0.0.1:" + std::to_string(port);
  EXPECT_FALSE(c.send(url));
  EXPECT_FALSE(c.client->send_blocking(client_harness::endpoint_of(url), client_harness::post(), 0ms));
  EXPECT_TRUE(c.listener->events().empty());
}

TEST(connection_events, blocking_sends_report_their_own_pool_and_destroying_the_client_closes_it) {
  test_http_server server([](const server_request&) { return ok(); });
  listened_client c;
  const auto ep = client_harness::endpoint_of(server.url());
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(c.client->send_blocking(ep, client_harness::post(), 0ms));
  EXPECT_THAT(c.listener->events(), ElementsAre(connection_event::opened, connection_event::released,
                                                connection_event::reused, connection_event::released));
  auto listener = c.listener;
  c.client.reset();
  run_until(c.ioc, [&] { return listener->idle() == 0; });
  EXPECT_EQ(listener->events().back(), connection_event::closed_idle);
  EXPECT_EQ(listener->busy(), 0);
  EXPECT_TRUE(listener->consistent());
}

TEST(connection_events, threads_sending_at_once_leave_counts_that_match_the_pools) {
  test_http_server server([](const server_request&) { return ok(); });
  listened_client c;
  const auto ep = client_harness::endpoint_of(server.url());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        if (!c.client->send_blocking(ep, client_harness::post(), 0ms)) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_TRUE(c.listener->consistent());
  EXPECT_EQ(c.listener->busy(), 0);
  EXPECT_EQ(static_cast<std::size_t>(c.listener->idle()), c.client->stats().blocking_idle);
  EXPECT_EQ(server.connections_accepted(),
            static_cast<std::size_t>(std::ranges::count(c.listener->events(), connection_event::opened)));
}

}  // namespace
}  // namespace ddbkit::testing

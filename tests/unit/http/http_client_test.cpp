// The pooled HTTP client against the scripted loopback server (plain TCP).
#include "common/test_http_server.hpp"
#include "http/http_client_access.hpp"
#include "unit/http/http_test_support.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/strand.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace ddbkit::testing {
namespace {

namespace asio = boost::asio;
using ::testing::HasSubstr;

server_reply ok(std::string body = "{}") {
  server_reply r;
  r.body = std::move(body);
  r.headers = {{"Content-Type", "application/x-amz-json-1.0"}, {"x-amzn-RequestId", "req-1"}};
  return r;
}

/// ok(), sent `delay` after the request arrived: a request still in flight for that long.
server_reply late_ok(std::chrono::milliseconds delay) {
  auto r = ok();
  r.delay = delay;
  return r;
}

std::uint16_t unused_port() {
  asio::io_context ioc;
  asio::ip::tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();  // closed again when this returns: nothing listens
}

TEST(http_client, sequential_requests_reuse_one_keep_alive_connection) {
  test_http_server server([](const server_request& r) { return ok("answer " + std::to_string(r.index)); });
  client_harness h;
  for (int i = 0; i < 5; ++i) {
    auto res = h.send(server.url());
    ASSERT_TRUE(res) << res.error();
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, "answer " + std::to_string(i));
  }
  EXPECT_EQ(server.connections_accepted(), 1u);
  const auto stats = h.client->stats();
  EXPECT_EQ(stats.connections_opened, 1u);
  EXPECT_EQ(stats.idle, 1u);
  EXPECT_EQ(stats.busy, 0u);
  EXPECT_EQ(stats.waiting, 0u);
}

TEST(http_client, sends_host_and_content_length_and_reads_status_headers_and_body) {
  std::optional<server_request> seen;
  test_http_server server([&](const server_request& r) {
    seen = r;
    auto reply = ok(R"({"ok":true})");
    reply.status = 400;
    return reply;
  });
  client_harness h;
  auto req = client_harness::post(R"({"TableName":"t"})");
  req.target = "/path?q=1";
  req.headers.push_back({"X-Amz-Target", "DynamoDB_20120810.GetItem"});
  auto res = h.send(server.url(), req);
  ASSERT_TRUE(res) << res.error();
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->body, R"({"ok":true})");
  EXPECT_EQ(res->header_value("X-AMZN-REQUESTID"), "req-1");
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->method, "POST");
  EXPECT_EQ(seen->target, "/path?q=1");
  EXPECT_EQ(seen->header("Host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(seen->header("Content-Length"), "17");
  EXPECT_EQ(seen->header("X-Amz-Target"), "DynamoDB_20120810.GetItem");
  EXPECT_EQ(seen->body, R"({"TableName":"t"})");
}

TEST(http_client, a_request_larger_than_the_socket_takes_at_once_is_sent_whole_and_answered) {
  // 16 MB to a server that takes little at a time: one non-blocking send cannot take it all
  // (a loopback socket's send buffer starts at ~2.5 MB), so the rest goes out through the
  // reactor before the answer is read.
  std::string body(16u << 20, 'x');
  for (std::size_t i = 0; i < body.size(); i += 4096) body[i] = static_cast<char>('a' + (i / 4096) % 26);
  std::optional<std::string> seen;
  test_http_server server([&](const server_request& r) {
    seen = r.body;
    return ok("got " + std::to_string(r.body.size()));
  });
  server.limit_receive_buffer(4096);
  client_harness h;
  for (int i = 0; i < 2; ++i) {  // a new connection, then the kept-alive one
    seen.reset();
    auto res = h.send(server.url(), client_harness::post(body));
    ASSERT_TRUE(res) << res.error();
    EXPECT_EQ(res->body, "got " + std::to_string(body.size()));
    ASSERT_TRUE(seen);
    EXPECT_TRUE(*seen == body) << "the body arrived altered, " << seen->size() << " bytes";
  }
  EXPECT_EQ(server.connections_accepted(), 1u);
}

TEST(http_client, connection_close_retires_the_connection) {
  test_http_server server([](const server_request& r) {
    auto reply = ok();
    reply.connection_close = r.connection == 1;
    return reply;
  });
  client_harness h;
  ASSERT_TRUE(h.send(server.url()));
  EXPECT_EQ(h.client->stats().idle, 0u);
  ASSERT_TRUE(h.send(server.url()));
  ASSERT_TRUE(h.send(server.url()));
  EXPECT_EQ(server.connections_accepted(), 2u);
  EXPECT_EQ(h.client->stats().connections_opened, 2u);
}

TEST(http_client, http_1_0_response_without_keep_alive_retires_the_connection) {
  test_http_server server([](const server_request&) {
    auto reply = ok();
    reply.http_1_0 = true;
    return reply;
  });
  client_harness h;
  ASSERT_TRUE(h.send(server.url()));
  ASSERT_TRUE(h.send(server.url()));
  EXPECT_EQ(server.connections_accepted(), 2u);
}

TEST(http_client, a_connection_idle_past_the_check_threshold_and_closed_by_the_server_is_replaced) {
  test_http_server server([](const server_request&) { return ok(); });
  http::http_options options;
  options.validate_after_inactivity = 10ms;
  client_harness h(options);
  ASSERT_TRUE(h.send(server.url()));
  for (int i = 0; i < 200 && server.close_idle_connections() == 0; ++i) std::this_thread::sleep_for(5ms);
  std::this_thread::sleep_for(50ms);  // let the FIN arrive, and pass the threshold
  auto res = h.send(server.url());
  ASSERT_TRUE(res) << res.error();
  EXPECT_EQ(server.connections_accepted(), 2u);
  EXPECT_EQ(server.requests(), 2u);
}

TEST(http_client, a_recently_used_connection_is_reused_without_a_check_and_a_close_is_reported) {
  // Back-to-back requests pay no system call for the liveness check; a server that closes
  // a connection within the threshold costs that request an error whose outcome is
  // unknown (the retry layer repeats it when that is harmless).
  test_http_server server([](const server_request&) { return ok(); });
  http::http_options options;
  options.validate_after_inactivity = std::chrono::hours(1);
  client_harness h(options);
  ASSERT_TRUE(h.send(server.url()));
  for (int i = 0; i < 200 && server.close_idle_connections() == 0; ++i) std::this_thread::sleep_for(5ms);
  std::this_thread::sleep_for(50ms);
  auto lost = h.send(server.url());
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code(), error_code::network);
  EXPECT_TRUE(lost.error().outcome_unknown());
  auto next = h.send(server.url());
  ASSERT_TRUE(next) << next.error();
  EXPECT_EQ(server.connections_accepted(), 2u);
}

TEST(http_client, a_pooled_connection_reset_while_idle_is_replaced_before_the_request_gets_out) {
  // No liveness check (recently used): the send itself finds the reset, nothing of the
  // request left, and the request goes once more on a new connection.
  test_http_server server([](const server_request& r) { return ok("from " + std::to_string(r.connection)); });
  http::http_options options;
  options.validate_after_inactivity = std::chrono::hours(1);
  client_harness h(options);
  ASSERT_TRUE(h.send(server.url()));
  for (int i = 0; i < 200 && server.reset_idle_connections() == 0; ++i) std::this_thread::sleep_for(5ms);
  std::this_thread::sleep_for(50ms);  // let the RST arrive
  auto res = h.send(server.url());
  ASSERT_TRUE(res) << res.error();
  EXPECT_EQ(res->body, "from 2");
  EXPECT_EQ(server.connections_accepted(), 2u);
  EXPECT_EQ(server.requests(), 2u);
  EXPECT_EQ(h.client->stats().connections_opened, 2u);
}

TEST(http_client, reused_connection_dropped_after_the_request_was_written_is_not_resent) {
  // The second request on the first connection is read and dropped unanswered: the server
  // may have acted on it, so the HTTP layer does not send it again behind the retry
  // layer's back (which decides whether a repeat is harmless and counts the attempt).
  test_http_server server([](const server_request& r) {
    auto reply = ok("from " + std::to_string(r.connection));
    reply.drop_before_response = r.connection == 1 && r.index == 1;
    return reply;
  });
  client_harness h;
  ASSERT_TRUE(h.send(server.url()));
  auto res = h.send(server.url());
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code(), error_code::network);
  EXPECT_TRUE(res.error().outcome_unknown());
  EXPECT_EQ(server.requests(), 2u);
  auto next = h.send(server.url());  // the dropped connection is not reused
  ASSERT_TRUE(next) << next.error();
  EXPECT_EQ(next->body, "from 2");
}

TEST(http_client, failure_on_a_new_connection_is_not_retried_and_outcome_is_unknown) {
  test_http_server server([](const server_request&) {
    auto reply = ok();
    reply.drop_before_response = true;
    return reply;
  });
  client_harness h;
  auto res = h.send(server.url());
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code(), error_code::network);
  EXPECT_TRUE(res.error().outcome_unknown());
  EXPECT_EQ(server.requests(), 1u);
}

TEST(http_client, response_cut_off_midway_is_a_network_error_and_not_retried) {
  test_http_server server([](const server_request& r) {
    auto reply = ok(std::string(100, 'x'));
    reply.drop_mid_response = r.index == 1;
    return reply;
  });
  client_harness h;
  ASSERT_TRUE(h.send(server.url()));
  auto res = h.send(server.url());
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code(), error_code::network);
  EXPECT_TRUE(res.error().outcome_unknown());
  EXPECT_EQ(server.requests(), 2u);
}

TEST(http_client, requests_beyond_the_connection_limit_wait_their_turn) {
  test_http_server server([](const server_request&) { return late_ok(100ms); });
  http::http_options options;
  options.max_connections_per_endpoint = 2;
  client_harness h(options);
  std::vector<std::shared_ptr<std::optional<result<http::response>>>> slots;
  for (int i = 0; i < 5; ++i) slots.push_back(h.start(server.url()));
  run_until(h.ioc, [&] { return h.client->stats().waiting == 3; });
  EXPECT_EQ(h.client->stats().busy, 2u);
  EXPECT_EQ(h.client->stats().waiting, 3u);
  run_until(h.ioc, [&] { return std::ranges::all_of(slots, [](auto& s) { return s->has_value(); }); });
  for (const auto& slot : slots) {
    ASSERT_TRUE(slot->has_value());
    EXPECT_TRUE(**slot) << (*slot)->error();
  }
  EXPECT_LE(server.max_open_connections(), 2u);
  EXPECT_EQ(server.requests(), 5u);
  EXPECT_EQ(h.client->stats().connections_opened, 2u);
}

TEST(http_client, slow_response_times_out_with_unknown_outcome) {
  test_http_server server([](const server_request&) { return late_ok(1500ms); });
  client_harness h;
  const auto start = std::chrono::steady_clock::now();
  auto res = h.send(server.url(), client_harness::post(), 100ms);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code(), error_code::timeout) << res.error();
  EXPECT_TRUE(res.error().outcome_unknown());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1400ms);  // before the server's reply
  EXPECT_EQ(h.client->stats().idle, 0u);  // the timed-out connection is closed, not pooled
}

TEST(http_client, zero_timeout_means_the_options_request_timeout) {
  test_http_server server([](const server_request&) { return late_ok(1500ms); });
  http::http_options options;
  options.request_timeout = 100ms;
  client_harness h(options);
  auto res = h.send(server.url());
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code(), error_code::timeout) << res.error();
}

TEST(http_client, refused_connection_is_a_network_error_naming_the_endpoint) {
  const auto port = unused_port();
  client_harness h;
  auto res = h.send("http://127.0.0.1:" + std::to_string(port));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code(), error_code::network);
  EXPECT_FALSE(res.error().outcome_unknown());
  EXPECT_THAT(std::string(res.error().message()), HasSubstr("127.0.0.1:" + std::to_string(port)));
  EXPECT_EQ(h.client->stats().busy, 0u);
}

TEST(http_client, idle_connections_older_than_idle_timeout_are_not_reused) {
  test_http_server server([](const server_request&) { return ok(); });
  http::http_options options;
  options.idle_timeout = 50ms;
  client_harness h(options);
  ASSERT_TRUE(h.send(server.url()));
  std::this_thread::sleep_for(100ms);
  ASSERT_TRUE(h.send(server.url()));
  EXPECT_EQ(server.connections_accepted(), 2u);
}

TEST(http_client, close_idle_drops_pooled_connections) {
  test_http_server server([](const server_request&) { return ok(); });
  client_harness h;
  ASSERT_TRUE(h.send(server.url()));
  h.client->close_idle();
  run_until(h.ioc, [&] { return h.client->stats().idle == 0; });
  EXPECT_EQ(h.client->stats().idle, 0u);
  ASSERT_TRUE(h.send(server.url()));
  EXPECT_EQ(server.connections_accepted(), 2u);
}

TEST(http_client, malformed_request_is_refused_before_anything_is_sent) {
  test_http_server server([](const server_request&) { return ok(); });
  client_harness h;
  auto req = client_harness::post();
  req.headers.push_back({"X-Injected", "a\r\nX-Other: b"});
  auto res = h.send(server.url(), req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code(), error_code::validation);
  EXPECT_EQ(server.connections_accepted(), 0u);
}

/// Sends a request that the server answers 2 s late, cancels it once the server has it, and
/// checks that it ends at once as `canceled` with its connection dropped. `warm`: a quick
/// first request leaves a kept-alive connection in the pool, so the exchange runs on it as a
/// callback operation instead of in a coroutine.
void expect_terminal_cancellation_to_end_the_exchange(bool warm) {
  test_http_server server([warm](const server_request& r) { return warm && r.index == 0 ? ok() : late_ok(2000ms); });
  client_harness h;
  if (warm) {
    ASSERT_TRUE(h.send(server.url()));
  }
  const std::size_t before = server.requests();
  asio::cancellation_signal signal;
  std::optional<result<http::response>> out;
  h.client->async_send(client_harness::endpoint_of(server.url()), client_harness::post(), 0ms,
                       asio::bind_cancellation_slot(signal.slot(), [&](result<http::response> r) { out = std::move(r); }));
  run_until(h.ioc, [&] { return server.requests() == before + 1; });
  const auto start = std::chrono::steady_clock::now();
  signal.emit(asio::cancellation_type::terminal);
  run_until(h.ioc, [&] { return out.has_value(); });
  ASSERT_TRUE(out);
  ASSERT_FALSE(*out);
  EXPECT_EQ(out->error().code(), error_code::canceled);
  EXPECT_TRUE(out->error().outcome_unknown());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1400ms);  // before the server's reply
  EXPECT_EQ(h.client->stats().busy, 0u);
  EXPECT_EQ(h.client->stats().idle, 0u);
  EXPECT_EQ(server.connections_accepted(), 1u);
}

TEST(http_client, terminal_cancellation_closes_the_connection_and_completes_as_canceled) {
  expect_terminal_cancellation_to_end_the_exchange(false);
}

TEST(http_client, terminal_cancellation_on_a_kept_alive_connection_closes_it_and_completes_as_canceled) {
  expect_terminal_cancellation_to_end_the_exchange(true);
}

TEST(http_client, cancellation_while_queued_leaves_the_queue_and_sends_nothing) {
  // Late by far longer than the cancellation may take, even under ASan.
  test_http_server server([](const server_request&) { return late_ok(1500ms); });
  http::http_options options;
  options.max_connections_per_endpoint = 1;
  client_harness h(options);
  auto first = h.start(server.url());
  asio::cancellation_signal signal;
  std::optional<result<http::response>> second;
  h.client->async_send(client_harness::endpoint_of(server.url()), client_harness::post(), 0ms,
                       asio::bind_cancellation_slot(signal.slot(), [&](result<http::response> r) { second = std::move(r); }));
  run_until(h.ioc, [&] { return h.client->stats().waiting == 1; });
  signal.emit(asio::cancellation_type::terminal);
  run_until(h.ioc, [&] { return second.has_value(); }, 1000ms);
  ASSERT_TRUE(second);
  ASSERT_FALSE(*second);
  EXPECT_EQ(second->error().code(), error_code::canceled);
  EXPECT_FALSE(second->error().outcome_unknown());
  EXPECT_EQ(h.client->stats().waiting, 0u);
  run_until(h.ioc, [&] { return first->has_value(); });
  ASSERT_TRUE(first->has_value());
  EXPECT_TRUE(**first);
  EXPECT_EQ(server.requests(), 1u);
}

TEST(http_client, destroying_the_client_fails_requests_in_flight) {
  test_http_server server([](const server_request&) { return late_ok(2000ms); });
  client_harness h;
  auto slot = h.start(server.url());
  run_until(h.ioc, [&] { return server.requests() == 1; });
  h.client.reset();
  run_until(h.ioc, [&] { return slot->has_value(); }, 1000ms);
  ASSERT_TRUE(slot->has_value());
  ASSERT_FALSE(**slot);
  EXPECT_EQ((*slot)->error().code(), error_code::network);
  EXPECT_EQ((*slot)->error().message(), "http client destroyed");
}

TEST(http_client, completes_on_the_handlers_associated_executor) {
  test_http_server server([](const server_request&) { return ok(); });
  client_harness h;
  auto strand = asio::make_strand(h.ioc);
  std::optional<bool> on_strand;
  h.client->async_send(client_harness::endpoint_of(server.url()), client_harness::post(), 0ms,
                       asio::bind_executor(strand, [&](result<http::response> r) {
                         EXPECT_TRUE(r);
                         on_strand = strand.running_in_this_thread();
                       }));
  run_until(h.ioc, [&] { return on_strand.has_value(); });
  ASSERT_TRUE(on_strand);
  EXPECT_TRUE(*on_strand);
}

/// Sends 40 requests from four threads at once through a client on `executor` (of `ioc`),
/// which two threads run; all must succeed over at most three connections.
void send_from_many_threads(asio::io_context& ioc, const asio::any_io_executor& executor) {
  test_http_server server([](const server_request&) { return ok(); });
  auto work = asio::make_work_guard(ioc);
  http::http_options options;
  options.max_connections_per_endpoint = 3;
  http::http_client client(executor, options);
  std::vector<std::thread> runners;
  for (int i = 0; i < 2; ++i) runners.emplace_back([&] { ioc.run(); });

  constexpr int senders = 4;
  constexpr int per_sender = 10;
  std::atomic<int> succeeded{0};
  std::atomic<int> completed{0};
  std::vector<std::thread> threads;
  const auto ep = client_harness::endpoint_of(server.url());
  for (int t = 0; t < senders; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < per_sender; ++i) {
        client.async_send(ep, client_harness::post(), 0ms, [&](result<http::response> r) {
          if (r && r->status == 200) ++succeeded;
          ++completed;
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (completed < senders * per_sender && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  work.reset();
  ioc.stop();
  for (auto& r : runners) r.join();
  EXPECT_EQ(succeeded.load(), senders * per_sender);
  EXPECT_LE(server.max_open_connections(), 3u);
  EXPECT_LE(client.stats().connections_opened, 3u);
}

TEST(http_client, many_threads_may_send_at_once) {
  asio::io_context ioc;
  send_from_many_threads(ioc, ioc.get_executor());
}

TEST(http_client, given_a_strand_it_serializes_on_that_strand_alone) {
  asio::io_context ioc;
  const asio::any_io_executor strand = asio::make_strand(ioc);
  {
    // Not a strand of its own over the given one: every handler would pass two queues.
    http::http_client client(strand, {});
    EXPECT_TRUE(http::detail::http_client_access::strand(client) == strand);
  }
  send_from_many_threads(ioc, strand);
}

}  // namespace
}  // namespace ddbkit::testing

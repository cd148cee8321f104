// The async path of a client that made its own HTTP client: its calls run on that client's
// strand (none on a single I/O thread of its own) and await each exchange in the call's own
// coroutine (http_client_access). Against
// the scripted loopback server: connection reuse, an idle client letting its context
// finish, cancellation in the middle of an exchange.
#include <ddbkit/client.hpp>

#include "client/client_core.hpp"
#include "client/serialized_call.hpp"
#include "common/test_http_server.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

namespace ddbkit::testing {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

server_reply item_reply(std::chrono::milliseconds delay = 0ms) {
  server_reply r;
  r.body = R"({"Item":{"pk":{"S":"a"},"n":{"N":"7"}}})";
  r.headers = {{"Content-Type", "application/x-amz-json-1.0"}, {"x-amzn-RequestId", "req-1"}};
  r.delay = delay;
  return r;
}

client_options options_for(const test_http_server& server) {
  auto options = client_options::local(server.port());
  options.endpoint = server.url();
  return options;
}

client make_client(asio::io_context& io, const test_http_server& server, std::size_t connections = 50) {
  auto options = options_for(server);
  options.http.max_connections_per_endpoint = connections;
  // Far longer than any test here: an idle connection whose deadline timer stayed armed
  // would keep io.run() from returning for this long.
  options.http.request_timeout = 20s;
  auto made = client::create(io.get_executor(), options);
  EXPECT_TRUE(made) << made.error();
  return std::move(*made);
}

/// Runs `io` until `done()` or 5 s have passed. A context that ran out of work between
/// calls (as it may once a call has completed) is restarted for the next.
void run_until(asio::io_context& io, const std::function<bool()>& done) {
  const auto give_up = std::chrono::steady_clock::now() + 5s;
  if (io.stopped()) io.restart();
  while (!done() && std::chrono::steady_clock::now() < give_up) io.run_one_for(10ms);
}

/// The call has ended as `canceled`, its outcome unknown or not as given.
void expect_canceled(const std::optional<result<get_item_output>>& got, bool outcome_unknown) {
  ASSERT_TRUE(got);
  ASSERT_FALSE(*got);
  EXPECT_EQ(got->error().code(), error_code::canceled) << got->error();
  EXPECT_EQ(got->error().outcome_unknown(), outcome_unknown);
}

get_item_input get_a() { return get_item_input{.table_name = "orders", .key = {{"pk", "a"}}}; }

/// A GetItem on `ddb` whose handler hears `signal`, with `io` run until it ends (at most 5 s).
std::optional<result<get_item_output>> get_a_hearing(asio::io_context& io, client& ddb,
                                                     asio::cancellation_signal& signal) {
  std::optional<result<get_item_output>> out;
  ddb.async_get_item(get_a(), asio::bind_cancellation_slot(signal.slot(), [&](result<get_item_output> r) {
                       out = std::move(r);
                     }));
  run_until(io, [&] { return out.has_value(); });
  return out;
}

/// Three async calls one after the other on a client over an io_context made with
/// `concurrency_hint`: they share one connection, and the context's run() returns once
/// they are done (no timer of an idle connection keeps it).
void sequential_calls_on(int concurrency_hint) {
  test_http_server server([](const server_request&) { return item_reply(); });
  asio::io_context io(concurrency_hint);
  auto ddb = make_client(io, server);
  int answered = 0;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        for (int i = 0; i < 3; ++i) {
          auto got = co_await ddb.async_get_item(get_a(), asio::use_awaitable);
          EXPECT_TRUE(got) << got.error();
          if (got && got->item) {
            EXPECT_EQ(got->item->at("n"), attribute_value(7));
            ++answered;
          }
        }
      },
      asio::detached);
  const auto start = std::chrono::steady_clock::now();
  io.run();  // returns once the calls are done: no timer of an idle connection keeps it
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  EXPECT_EQ(answered, 3);
  EXPECT_EQ(server.requests(), 3u);
  EXPECT_EQ(server.connections_accepted(), 1u);
}

TEST(own_http_path, sequential_async_calls_share_one_connection_and_an_idle_client_lets_its_context_finish) {
  sequential_calls_on(BOOST_ASIO_CONCURRENCY_HINT_DEFAULT);
}

TEST(own_http_path, on_an_io_context_promised_to_one_thread_at_a_time_a_client_needs_no_strand) {
  // BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO: the caller promises Asio that one thread at a
  // time runs the context and works its sockets. A hint of 1 promises nothing.
  test_http_server server([](const server_request&) { return item_reply(); });
  asio::io_context promised(BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO);
  asio::io_context hinted(1);
  auto serial = make_client(promised, server);
  auto shared = make_client(hinted, server);
  const auto& serial_runs_on = detail::client_access::core(serial)->call_executor();
  const auto& shared_runs_on = detail::client_access::core(shared)->call_executor();
  EXPECT_NE(serial_runs_on.target<asio::io_context::executor_type>(), nullptr);
  EXPECT_NE(shared_runs_on.target<asio::strand<asio::io_context::executor_type>>(), nullptr);
  sequential_calls_on(BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO);
}

/// A call canceled while the server holds its request (2 s) ends at once as `canceled`, is
/// not retried, and the client works afterwards. `warm`: a first call leaves a kept-alive
/// connection, so the call makes its request directly on it (no coroutine).
void expect_cancellation_mid_exchange_to_end_the_call(bool warm) {
  test_http_server server(
      [warm](const server_request& r) { return warm && r.index == 0 ? item_reply() : item_reply(2000ms); });
  asio::io_context io;
  auto ddb = make_client(io, server);
  if (warm) {
    std::optional<result<get_item_output>> first;
    ddb.async_get_item(get_a(), [&](result<get_item_output> r) { first = std::move(r); });
    run_until(io, [&] { return first.has_value(); });
    ASSERT_TRUE(first && *first);
  }
  const std::size_t before = server.requests();
  asio::cancellation_signal signal;
  std::optional<result<get_item_output>> out;
  ddb.async_get_item(get_a(), asio::bind_cancellation_slot(signal.slot(), [&](result<get_item_output> r) {
                       out = std::move(r);
                     }));
  run_until(io, [&] { return server.requests() > before; });
  ASSERT_EQ(server.requests(), before + 1);
  const auto start = std::chrono::steady_clock::now();
  signal.emit(asio::cancellation_type::terminal);
  run_until(io, [&] { return out.has_value(); });
  expect_canceled(out, true);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1400ms);  // before the server's reply
  // Not retried, and the client still works afterwards (on a new connection: the
  // canceled one was closed).
  std::optional<result<get_item_output>> next;
  ddb.async_get_item(get_a(), [&](result<get_item_output> r) { next = std::move(r); });
  run_until(io, [&] { return next.has_value(); });
  ASSERT_TRUE(next);
  EXPECT_TRUE(*next) << next->error();
  EXPECT_EQ(server.requests(), before + 2);
  EXPECT_EQ(server.connections_accepted(), 2u);
}

TEST(own_http_path, terminal_cancellation_in_the_middle_of_an_exchange_ends_the_call_as_canceled) {
  expect_cancellation_mid_exchange_to_end_the_call(false);
}

TEST(own_http_path, terminal_cancellation_of_a_request_on_a_kept_alive_connection_ends_the_call_as_canceled) {
  expect_cancellation_mid_exchange_to_end_the_call(true);
}

TEST(own_http_path, a_cancellation_that_arrives_as_a_retry_wait_ends_stops_the_call_as_canceled) {
  // The caller asks to stop during the wait before a retry, through nothing the wait itself
  // hears (the sleeper calls back at once): the call must still end as `canceled` and
  // send nothing more. (Asio would throw from the next co_await; the call then ended as an
  // `unknown` internal error.)
  std::atomic<int> requests{0};
  test_http_server server([&](const server_request&) {
    if (requests++ > 0) return item_reply();
    server_reply throttled;
    throttled.status = 400;
    throttled.body = R"({"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"slow down"})";
    return throttled;
  });
  asio::io_context io;
  asio::cancellation_signal signal;
  auto options = options_for(server);
  // The top of the jitter range: a wait of 0 ms (full jitter draws one now and then) is no
  // wait, and the sleeper, which cancels, would not be called.
  options.random = [] { return 0.999; };
  options.sleeper = [&](std::chrono::milliseconds, std::function<void()> done) {
    signal.emit(asio::cancellation_type::terminal);
    done();
  };
  auto ddb = client::create(io.get_executor(), options);
  ASSERT_TRUE(ddb) << ddb.error();
  std::optional<result<get_item_output>> out;
  ASSERT_NO_THROW(out = get_a_hearing(io, *ddb, signal));
  ASSERT_NO_FATAL_FAILURE(expect_canceled(out, false));
  EXPECT_EQ(out->error().attempts(), 1);
  EXPECT_EQ(requests.load(), 1);
}

TEST(own_http_path, a_call_canceled_while_its_credentials_come_sends_nothing) {
  // Credentials not at hand: the provider is asked, and the caller asks to stop before it
  // answers (with good credentials). Nothing may be sent.
  class late_provider final : public credentials_provider {
   public:
    late_provider(asio::io_context& io, asio::cancellation_signal& signal) : io_(io), signal_(signal) {}
    void async_get_credentials(handler h) override {
      signal_.emit(asio::cancellation_type::terminal);
      asio::post(io_, [h = std::move(h)]() mutable {
        std::move(h)(credentials{.access_key_id = "local", .secret_access_key = secret_string("local"),
                                 .session_token = {}, .expiration = std::nullopt});
      });
    }

   private:
    asio::io_context& io_;
    asio::cancellation_signal& signal_;
  };
  test_http_server server([](const server_request&) { return item_reply(); });
  asio::io_context io;
  asio::cancellation_signal signal;
  auto options = options_for(server);
  options.credentials = std::make_shared<late_provider>(io, signal);
  auto ddb = client::create(io.get_executor(), options);
  ASSERT_TRUE(ddb) << ddb.error();
  std::optional<result<get_item_output>> out;
  ASSERT_NO_THROW(out = get_a_hearing(io, *ddb, signal));
  ASSERT_NO_FATAL_FAILURE(expect_canceled(out, false));
  EXPECT_EQ(server.requests(), 0u);
}

TEST(own_http_path, a_call_canceled_while_queued_for_a_connection_leaves_the_queue_and_sends_nothing) {
  test_http_server server([](const server_request&) { return item_reply(1500ms); });
  asio::io_context io;
  auto ddb = make_client(io, server, 1);
  std::optional<result<get_item_output>> first, second;
  ddb.async_get_item(get_a(), [&](result<get_item_output> r) { first = std::move(r); });
  asio::cancellation_signal signal;
  ddb.async_get_item(get_a(), asio::bind_cancellation_slot(signal.slot(), [&](result<get_item_output> r) {
                       second = std::move(r);
                     }));
  run_until(io, [&] { return server.requests() > 0; });
  io.poll();  // the second call reaches the queue
  signal.emit(asio::cancellation_type::terminal);
  run_until(io, [&] { return second.has_value(); });
  expect_canceled(second, false);
  EXPECT_FALSE(first);  // still waiting for its slow answer
  run_until(io, [&] { return first.has_value(); });
  ASSERT_TRUE(first);
  EXPECT_TRUE(*first) << first->error();
  EXPECT_EQ(server.requests(), 1u);
}

/// Makes 40 async calls on `ddb` from four threads at once, and waits (at most 10 s) for
/// their answers: all must come.
void call_from_many_threads(client& ddb) {
  constexpr int callers = 4;
  constexpr int per_caller = 10;
  std::atomic<int> answered{0};
  std::atomic<int> completed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < callers; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < per_caller; ++i) {
        ddb.async_get_item(get_a(), [&](result<get_item_output> r) {
          if (r && r->item && r->item->at("n") == attribute_value(7)) ++answered;
          ++completed;
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  const auto give_up = std::chrono::steady_clock::now() + 10s;
  while (completed < callers * per_caller && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(answered.load(), callers * per_caller);
}

client make_own_thread_client(const test_http_server& server, int io_threads) {
  auto options = client_options::local(server.port());
  options.endpoint = server.url();
  options.io_threads = io_threads;
  auto made = client::create(options);
  EXPECT_TRUE(made) << made.error();
  return std::move(*made);
}

TEST(own_http_path, a_client_on_one_thread_of_its_own_runs_its_calls_there_without_a_strand) {
  test_http_server server([](const server_request&) { return item_reply(); });
  auto ddb = make_own_thread_client(server, 1);
  // One thread runs everything of the client, one handler at a time: a strand would only
  // queue each completion once more.
  const auto& runs_on = detail::client_access::core(ddb)->call_executor();
  EXPECT_NE(runs_on.target<asio::io_context::executor_type>(), nullptr);
  call_from_many_threads(ddb);
}

TEST(own_http_path, a_client_on_several_threads_of_its_own_serializes_on_one_strand) {
  test_http_server server([](const server_request&) { return item_reply(); });
  auto ddb = make_own_thread_client(server, 2);
  // The client's own strand, not a second one over it.
  const auto& runs_on = detail::client_access::core(ddb)->call_executor();
  EXPECT_NE(runs_on.target<asio::strand<asio::io_context::executor_type>>(), nullptr);
  call_from_many_threads(ddb);
}

}  // namespace
}  // namespace ddbkit::testing

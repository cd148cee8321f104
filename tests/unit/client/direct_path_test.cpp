// A call on a client's own HTTP client makes its first request directly when nothing
// needs the stages (a blocking call: plain calls of the stages' steps; an async call: the
// same steps through handlers, no coroutine), and continues through them otherwise. What
// it must keep from the stages: the circuit breaker's account of each call, the retry
// quota's tokens, retries after a failed first request, the call's deadline, and observers
// (which send the call through the stages). Each test runs blocking and async. Against
// the scripted loopback server.
#include <ddbkit/client.hpp>

#include "common/test_http_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>

namespace ddbkit::testing {
namespace {

using namespace std::chrono_literals;

server_reply item_reply() {
  return {.headers = {{"Content-Type", "application/x-amz-json-1.0"}, {"x-amzn-RequestId", "ok-1"}},
          .body = R"({"Item":{"pk":{"S":"a"},"n":{"N":"7"}}})"};
}

server_reply error_reply(int status, std::string_view type) {
  return {.status = status,
          .headers = {{"Content-Type", "application/x-amz-json-1.0"}, {"x-amzn-RequestId", "err-1"}},
          .body = R"({"__type":"com.amazonaws.dynamodb.v20120810#)" + std::string(type) + R"(","message":"scripted"})"};
}

/// A server that answers each request with what `script` says for its 0-based number.
class scripted {
 public:
  explicit scripted(std::function<server_reply(std::size_t)> script)
      : server_([this, script = std::move(script)](const server_request&) { return script(count_++); }) {}
  const test_http_server& server() const { return server_; }
  std::size_t requests() const { return count_.load(); }

 private:
  std::atomic<std::size_t> count_{0};
  test_http_server server_;
};

/// A client of the server on its own HTTP client, whose backoff waits take no time.
client_options options_for(const test_http_server& server) {
  auto options = client_options::local(server.port());
  options.endpoint = server.url();
  options.sleeper = [](std::chrono::milliseconds, std::function<void()> done) { done(); };
  return options;
}

client make(const client_options& options) {
  auto made = client::create(options);
  EXPECT_TRUE(made) << made.error();
  return std::move(*made);
}

get_item_input get_a() { return {.table_name = "orders", .key = {{"pk", "a"}}}; }

/// Each test once with blocking calls, once with async ones (made from the test's thread,
/// answered on the client's own I/O thread).
class direct_path : public ::testing::TestWithParam<bool> {
 protected:
  bool async() const { return GetParam(); }

  result<get_item_output> get(client& ddb, const get_item_input& in = get_a(), call_options opts = {}) const {
    if (!async()) return ddb.get_item(in, opts);
    return ddb.async_get_item(in, opts, boost::asio::use_future).get();
  }
  result<write_item_output> put(client& ddb, const put_item_input& in) const {
    if (!async()) return ddb.put_item(in);
    return ddb.async_put_item(in, boost::asio::use_future).get();
  }
};

std::string api_name(const ::testing::TestParamInfo<bool>& api) { return api.param ? "async" : "blocking"; }

INSTANTIATE_TEST_SUITE_P(calls, direct_path, ::testing::Values(false, true), api_name);

TEST_P(direct_path, a_call_answered_at_once_sends_one_request_and_decodes_its_output) {
  scripted server([](std::size_t) { return item_reply(); });
  auto ddb = make(options_for(server.server()));
  auto got = get(ddb);
  ASSERT_TRUE(got) << got.error();
  ASSERT_TRUE(got->item);
  EXPECT_EQ(got->item->at("n").as_n()->text(), "7");
  EXPECT_EQ(server.requests(), 1u);
}

TEST_P(direct_path, a_success_made_directly_ends_the_run_of_failures_that_opens_the_circuit) {
  // Calls 0, 2, 3 fail (500, no retries), call 1 succeeds directly. Had that success not
  // been recorded, calls 0 and 2 would open the circuit and call 3 would send nothing.
  scripted server([](std::size_t n) { return n == 1 ? item_reply() : error_reply(500, "InternalServerError"); });
  auto options = options_for(server.server());
  options.circuit_breaker.failure_threshold = 2;
  options.retry.max_transient_attempts = 1;
  auto ddb = make(options);

  EXPECT_EQ(get(ddb).error().code(), error_code::internal_server_error);
  ASSERT_TRUE(get(ddb));
  EXPECT_EQ(get(ddb).error().code(), error_code::internal_server_error);
  auto fourth = get(ddb);
  EXPECT_EQ(fourth.error().code(), error_code::internal_server_error) << fourth.error();
  EXPECT_EQ(server.requests(), 4u);

  // Two failed calls in a row: the circuit is open, and the next call is refused unsent.
  auto refused = get(ddb);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), error_code::circuit_open) << refused.error();
  EXPECT_EQ(refused.error().attempts(), 0);
  EXPECT_EQ(server.requests(), 4u);
}

TEST_P(direct_path, successes_made_directly_give_the_retry_quota_its_tokens_back) {
  // A quota of 5 tokens pays one retry after a 500. Requests 0 and 1 fail: the retry takes
  // the 5 tokens and the call ends when the quota cannot pay another. Five calls that
  // succeed directly give back a token each, which pays the retry of the last call.
  scripted server([](std::size_t n) {
    return n <= 1 || n == 7 ? error_reply(500, "InternalServerError") : item_reply();
  });
  auto options = options_for(server.server());
  options.retry.retry_quota_tokens = 5;
  auto ddb = make(options);

  auto spent = get(ddb);
  ASSERT_FALSE(spent);
  EXPECT_EQ(spent.error().attempts(), 2) << spent.error();
  EXPECT_NE(spent.error().message().find("retry quota"), std::string::npos) << spent.error();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(get(ddb));
  EXPECT_EQ(server.requests(), 7u);

  auto retried = get(ddb);
  ASSERT_TRUE(retried) << retried.error();
  EXPECT_EQ(server.requests(), 9u);
}

TEST_P(direct_path, a_throttled_first_request_is_retried_through_the_stages) {
  scripted server([](std::size_t n) { return n == 0 ? error_reply(400, "ThrottlingException") : item_reply(); });
  auto ddb = make(options_for(server.server()));
  auto got = get(ddb);
  ASSERT_TRUE(got) << got.error();
  ASSERT_TRUE(got->item);
  EXPECT_EQ(server.requests(), 2u);
}

TEST_P(direct_path, a_damaged_first_answer_is_sent_again_only_when_repeating_is_harmless) {
  // x-amz-crc32 that does not match the body: the request may have been applied.
  const auto damaged = [] {
    auto r = item_reply();
    r.headers.emplace_back("x-amz-crc32", "1");
    return r;
  };
  scripted server([&](std::size_t n) { return n == 0 || n == 2 ? damaged() : item_reply(); });
  auto ddb = make(options_for(server.server()));

  auto got = get(ddb);
  ASSERT_TRUE(got) << got.error();
  EXPECT_EQ(server.requests(), 2u);

  // Conditional: a repeat could fail on its own first success.
  auto conditional = put(
      ddb, {.table_name = "orders", .item = {{"pk", "a"}}, .condition_expression = "attribute_not_exists(pk)"});
  ASSERT_FALSE(conditional);
  EXPECT_EQ(conditional.error().code(), error_code::crc_mismatch) << conditional.error();
  EXPECT_TRUE(conditional.error().outcome_unknown());
  EXPECT_EQ(conditional.error().attempts(), 1);
  EXPECT_EQ(server.requests(), 3u);
}

TEST_P(direct_path, a_call_whose_timeout_runs_out_before_its_first_request_sends_nothing) {
  scripted server([](std::size_t) { return item_reply(); });
  auto options = options_for(server.server());
  // Each reading of the clock is 5 ms later: the deadline (1 ms after the call's start)
  // has passed when the request is about to be signed.
  auto ticks = std::make_shared<std::atomic<int>>(0);
  options.steady_clock = [ticks] { return std::chrono::steady_clock::time_point(5ms * (++*ticks)); };
  auto ddb = make(options);
  auto got = get(ddb, get_a(), call_options{.timeout = 1ms});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), error_code::timeout) << got.error();
  EXPECT_EQ(got.error().attempts(), 0);
  EXPECT_EQ(server.requests(), 0u);
}

/// Counts what it is told.
class counting_observer final : public observer {
 public:
  void on_call_start(const call_info&) override { ++starts; }
  void on_attempt(const call_info&, const attempt_info& a) override { attempts.push_back(a.attempt); }
  void on_call_end(const call_info&, const call_result& r) override {
    ++ends;
    ended_attempts = r.attempts;
  }
  int starts = 0;
  int ends = 0;
  int ended_attempts = 0;
  std::vector<int> attempts;
};

TEST_P(direct_path, an_observed_call_goes_through_the_stages_and_its_observer_hears_every_request) {
  scripted server([](std::size_t n) { return n == 0 ? error_reply(400, "ThrottlingException") : item_reply(); });
  auto options = options_for(server.server());
  auto seen = std::make_shared<counting_observer>();
  options.observers.push_back(seen);
  auto ddb = make(options);
  ASSERT_TRUE(get(ddb));
  EXPECT_EQ(seen->starts, 1);
  EXPECT_EQ(seen->ends, 1);
  EXPECT_EQ(seen->attempts, (std::vector<int>{1, 2}));
  EXPECT_EQ(seen->ended_attempts, 2);
  EXPECT_EQ(server.requests(), 2u);
}

/// Credentials that are never at hand: each request asks for them through the handler.
class fetched_credentials final : public credentials_provider {
 public:
  void async_get_credentials(handler h) override {
    ++fetches;
    std::move(h)(
        credentials{.access_key_id = "AKIDLOCAL", .secret_access_key = secret_string("local"), .session_token = {}});
  }
  std::atomic<int> fetches{0};
};

TEST_P(direct_path, a_call_without_credentials_at_hand_fetches_them_through_the_stages) {
  scripted server([](std::size_t) { return item_reply(); });
  auto options = options_for(server.server());
  auto provider = std::make_shared<fetched_credentials>();
  options.credentials = provider;
  auto ddb = make(options);
  auto got = get(ddb);
  ASSERT_TRUE(got) << got.error();
  ASSERT_TRUE(got->item);
  EXPECT_EQ(provider->fetches.load(), 1);
  EXPECT_EQ(server.requests(), 1u);
}

TEST(direct_async_path, a_call_the_open_circuit_refuses_completes_after_the_initiating_function_returned) {
  // Refused before anything is sent: the answer is ready at once, but an Asio operation
  // must not run its handler inside the function that started it, even when that function
  // runs on the handler's own executor.
  scripted server([](std::size_t) { return error_reply(500, "InternalServerError"); });
  auto options = options_for(server.server());
  options.circuit_breaker.failure_threshold = 1;
  options.retry.max_transient_attempts = 1;
  boost::asio::io_context io;
  auto made = client::create(io.get_executor(), options);
  ASSERT_TRUE(made) << made.error();
  auto& ddb = *made;
  ASSERT_EQ(ddb.get_item(get_a()).error().code(), error_code::internal_server_error);

  bool returned = false;
  std::optional<error_code> code;
  bool answered_after_return = false;
  boost::asio::post(io, [&] {
    ddb.async_get_item(get_a(), [&](result<get_item_output> r) {
      code = r ? error_code::unknown : r.error().code();
      answered_after_return = returned;
    });
    returned = true;
  });
  io.run_for(5s);
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, error_code::circuit_open);
  EXPECT_TRUE(answered_after_return);
  EXPECT_EQ(server.requests(), 1u);
}

TEST(direct_async_path, a_call_in_flight_completes_when_its_client_is_destroyed) {
  // The client's header promises it: destroying a client lets its calls in flight finish
  // (its own I/O thread is joined once their work is done), and their handlers run.
  scripted server([](std::size_t) {
    auto r = item_reply();
    r.delay = 200ms;
    return r;
  });
  std::optional<result<get_item_output>> got;
  {
    auto ddb = make(options_for(server.server()));
    ddb.async_get_item(get_a(), [&](result<get_item_output> r) { got = std::move(r); });
  }  // destroyed while the server holds the request
  ASSERT_TRUE(got);
  ASSERT_TRUE(*got) << got->error();
  EXPECT_TRUE((*got)->item);
  EXPECT_EQ(server.requests(), 1u);
}

}  // namespace
}  // namespace ddbkit::testing

// The seed's §7.1 scenarios and DESIGN.md's retry rules, through the real client over a
// scripted transport, with a fake sleeper (records each wait, no real time passes), a
// fake steady clock and a scripted random source.
#include <ddbkit/client.hpp>
#include <ddbkit/testkit/scripted_transport.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

namespace ddbkit {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using ::testing::HasSubstr;
// Requests are built in a statement of their own, not inside the co_await expression:
// GCC 12 miscompiles braced initializer lists that live across a suspension point.

constexpr std::string_view conflict_then_none = R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
    "Message":"Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]",
    "CancellationReasons":[{"Code":"None"},{"Code":"TransactionConflict","Message":"Transaction is ongoing for the item"}]})";
constexpr std::string_view canceled_by_condition = R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
    "Message":"Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]",
    "CancellationReasons":[{"Code":"ConditionalCheckFailed","Message":"The conditional request failed"},{"Code":"None"}]})";

class retry_scenarios : public ::testing::Test {
 protected:
  retry_scenarios() : transport(std::make_shared<testkit::scripted_transport>(io.get_executor())) {}

  /// The client under test; `adjust` changes the options first.
  client& make_client(const std::function<void(client_options&)>& adjust = {}) {
    auto options = client_options::local(8000);
    options.region = "eu-west-1";
    options.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1440938160)); };
    options.steady_clock = [this] { return steady_now; };
    options.random = [this] { return random_value; };
    options.sleeper = [this](std::chrono::milliseconds delay, std::function<void()> done) {
      slept.push_back(delay);
      steady_now += delay;  // time passes only as the client waits
      done();
    };
    options.on_attempt = [this](const attempt_info& info) { attempts.push_back(info); };
    if (adjust) adjust(options);
    auto made = client::create(io.get_executor(), std::move(options), transport);
    EXPECT_TRUE(made) << made.error();
    ddb.emplace(std::move(*made));
    return *ddb;
  }

  template <class Fn>
  void run(Fn fn) {
    asio::co_spawn(io, fn(), asio::detached);
    io.run();
    io.restart();
  }

  template <class Input>
  result<typename operation_traits<Input>::output> call(Input in, call_options opts = {}) {
    std::optional<result<typename operation_traits<Input>::output>> out;
    run([&]() -> asio::awaitable<void> {
      out = co_await ddb->async_execute(std::move(in), opts, asio::use_awaitable);
    });
    return std::move(*out);
  }

  static get_item_input a_get() { return get_item_input{.table_name = "orders", .key = {{"pk", "a"}}}; }
  static put_item_input a_put() { return put_item_input{.table_name = "orders", .item = {{"pk", "a"}}}; }
  static transact_write_items_input a_transaction() {
    transact_write_items_input in;
    in.transact_items.push_back(transact_write_item{.put = transact_put{.table_name = "orders", .item = {{"pk", "a"}}}});
    in.transact_items.push_back(transact_write_item{.put = transact_put{.table_name = "orders", .item = {{"pk", "b"}}}});
    return in;
  }
  std::size_t sent() const { return transport->requests().size(); }
  std::string body_field(std::size_t request, std::string_view field) const {
    auto body = boost::json::parse(transport->requests().at(request).request.body);
    return std::string(body.at(field).as_string());
  }

  asio::io_context io;
  std::shared_ptr<testkit::scripted_transport> transport;
  std::optional<client> ddb;
  std::chrono::steady_clock::time_point steady_now = std::chrono::steady_clock::time_point{} + 1000s;
  double random_value = 0.5;
  std::vector<std::chrono::milliseconds> slept;
  std::vector<attempt_info> attempts;
};

// ---- the seed's §7.1 scenarios ----

TEST_F(retry_scenarios, throttle_then_succeed) {
  make_client();
  transport->respond_error(400, "ProvisionedThroughputExceededException", "slow down");
  transport->respond_error(400, "ThrottlingException", "slow down");
  transport->respond(200, R"({"Item":{"pk":{"S":"test"}}})");
  auto got = call(a_get());
  ASSERT_TRUE(got) << got.error();
  ASSERT_TRUE(got->item);
  EXPECT_EQ(got->item->at("pk"), attribute_value("test"));
  EXPECT_EQ(sent(), 3u);
  ASSERT_EQ(attempts.size(), 3u);
  EXPECT_EQ(attempts[0].error->code(), error_code::throttled);
  EXPECT_EQ(attempts[1].error->code(), error_code::throttled);
  EXPECT_FALSE(attempts[2].error);
  // Full jitter with the random draw 0.5: half of base 50 ms, then half of 100 ms.
  EXPECT_EQ(slept, (std::vector<std::chrono::milliseconds>{25ms, 50ms}));
}

TEST_F(retry_scenarios, throttling_past_max_attempts_fails_with_throttled_and_the_attempt_count) {
  make_client();
  for (int i = 0; i < 15; ++i) transport->respond_error(400, "ProvisionedThroughputExceededException", "slow down");
  auto got = call(a_get());
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), error_code::throttled);
  EXPECT_EQ(got.error().attempts(), 10);
  EXPECT_EQ(sent(), 10u);
  EXPECT_EQ(transport->pending(), 5u);
  EXPECT_EQ(attempts.size(), 10u);
  EXPECT_EQ(slept.size(), 9u);
  EXPECT_FALSE(attempts.back().retry_delay);
}

TEST_F(retry_scenarios, mixed_faults_spend_their_own_budgets_not_each_others) {
  make_client();
  transport->respond_error(400, "ThrottlingException", "slow down");
  transport->respond_error(400, "ThrottlingException", "slow down");
  transport->respond_error(500, "InternalServerError", "oops");
  transport->respond_error(400, "ProvisionedThroughputExceededException", "slow down");
  transport->lose_connection_after_sending();  // a read: repeating it is harmless
  transport->respond(200, R"({"Item":{"pk":{"S":"a"}}})");
  auto got = call(a_get());
  ASSERT_TRUE(got) << got.error();
  EXPECT_EQ(sent(), 6u);
  ASSERT_EQ(attempts.size(), 6u);
  EXPECT_EQ(attempts.back().attempt, 6);
}

TEST_F(retry_scenarios, the_transient_budget_counts_transient_failures_whatever_came_before) {
  make_client([](client_options& o) { o.circuit_breaker.enabled = false; });
  for (int i = 0; i < 7; ++i) transport->respond_error(400, "ThrottlingException", "slow down");
  for (int i = 0; i < 3; ++i) transport->respond_error(503, "ServiceUnavailable", "busy");
  auto got = call(a_get());
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), error_code::service_unavailable);
  EXPECT_EQ(got.error().attempts(), 10) << "7 throttles, then the third 5xx ends the call at max_attempts";

  transport->respond_error(503, "ServiceUnavailable", "busy");
  transport->respond_error(400, "ThrottlingException", "slow down");
  transport->respond_error(503, "ServiceUnavailable", "busy");
  transport->respond_error(400, "ThrottlingException", "slow down");
  transport->respond_error(503, "ServiceUnavailable", "busy");
  transport->respond(200, "{}");  // not reached: that was the third transient failure
  auto second = call(a_get());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().attempts(), 5);
  EXPECT_EQ(transport->pending(), 1u);
}

TEST_F(retry_scenarios, the_call_timeout_bounds_retries_and_backoff) {
  make_client();
  for (int i = 0; i < 5; ++i) transport->respond_error(400, "ThrottlingException", "slow down");
  // Waits with the draw 0.5: 25 ms, 50 ms, then 100 ms, which would pass the 100 ms deadline.
  auto got = call(a_get(), call_options{.timeout = 100ms});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), error_code::timeout);
  EXPECT_EQ(got.error().attempts(), 3);
  EXPECT_THAT(std::string(got.error().message()), HasSubstr("slow down"));
  EXPECT_EQ(slept, (std::vector<std::chrono::milliseconds>{25ms, 50ms}));
  EXPECT_EQ(sent(), 3u);
}

TEST_F(retry_scenarios, each_request_gets_the_attempt_timeout_within_what_is_left_of_the_call) {
  make_client();
  transport->respond_error(500, "InternalServerError", "oops");
  transport->respond(200, "{}");
  ASSERT_TRUE(call(a_get(), call_options{.timeout = 1000ms, .attempt_timeout = 800ms}));
  ASSERT_EQ(sent(), 2u);
  EXPECT_EQ(transport->requests()[0].timeout, 800ms);
  EXPECT_EQ(transport->requests()[1].timeout, 800ms);

  transport->respond_error(500, "InternalServerError", "oops");
  transport->respond(200, "{}");
  ASSERT_TRUE(call(a_get(), call_options{.timeout = 500ms, .attempt_timeout = 800ms}));
  EXPECT_EQ(transport->requests()[2].timeout, 500ms);
  EXPECT_EQ(transport->requests()[3].timeout, 500ms - 25ms) << "the call had waited 25 ms";

  transport->respond(200, "{}");
  ASSERT_TRUE(call(a_get()));
  EXPECT_EQ(transport->requests()[4].timeout, 30000ms) << "the client's http.request_timeout by default";
}

TEST_F(retry_scenarios, a_call_whose_deadline_passed_during_a_request_ends_with_timeout) {
  make_client();
  transport->respond_error(500, "InternalServerError", "oops");
  transport->respond(200, "{}");
  // The fake clock moves only when the client sleeps: a zero timeout means none, so use
  // one the first backoff (25 ms) cannot fit in.
  auto got = call(a_get(), call_options{.timeout = 20ms});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), error_code::timeout);
  EXPECT_EQ(got.error().attempts(), 1);
  EXPECT_EQ(sent(), 1u);
}

TEST_F(retry_scenarios, condition_failed_is_not_retried) {
  make_client();
  transport->respond_error(400, "ConditionalCheckFailedException", "The conditional request failed");
  auto in = a_put();
  in.condition_expression = "attribute_not_exists(pk)";
  auto put = call(std::move(in));
  ASSERT_FALSE(put);
  EXPECT_TRUE(put.error().is_condition_failed());
  EXPECT_EQ(put.error().attempts(), 1);
  EXPECT_EQ(sent(), 1u);
  EXPECT_TRUE(slept.empty());
}

TEST_F(retry_scenarios, transaction_conflict_is_retried_with_the_same_generated_token) {
  make_client();
  transport->respond(400, std::string(conflict_then_none));
  transport->respond(200, "{}");
  auto tx = call(a_transaction());
  ASSERT_TRUE(tx) << tx.error();
  ASSERT_EQ(sent(), 2u);
  const auto token = body_field(0, "ClientRequestToken");
  EXPECT_FALSE(token.empty());
  EXPECT_LE(token.size(), 36u);
  EXPECT_EQ(body_field(1, "ClientRequestToken"), token);
  // Re-signed for each attempt, but the same request.
  EXPECT_EQ(transport->requests()[0].request.body, transport->requests()[1].request.body);
}

TEST_F(retry_scenarios, a_callers_token_is_kept_and_each_call_gets_its_own_generated_token) {
  make_client();
  transport->respond(200, "{}").respond(200, "{}").respond(200, "{}");
  auto mine = a_transaction();
  mine.client_request_token = "my-token-1";
  ASSERT_TRUE(call(std::move(mine)));
  ASSERT_TRUE(call(a_transaction()));
  ASSERT_TRUE(call(a_transaction()));
  EXPECT_EQ(body_field(0, "ClientRequestToken"), "my-token-1");
  EXPECT_NE(body_field(1, "ClientRequestToken"), body_field(2, "ClientRequestToken"));
}

TEST_F(retry_scenarios, transaction_canceled_by_a_condition_is_not_retried) {
  make_client();
  transport->respond(400, std::string(canceled_by_condition));
  auto tx = call(a_transaction());
  ASSERT_FALSE(tx);
  EXPECT_TRUE(tx.error().is_transaction_canceled());
  EXPECT_EQ(tx.error().attempts(), 1);
  EXPECT_EQ(sent(), 1u);
}

// ---- budgets, outcome unknown, quota, circuit breaker ----

TEST_F(retry_scenarios, server_errors_get_three_attempts_by_default) {
  make_client();
  for (int i = 0; i < 5; ++i) transport->respond_error(500, "InternalServerError", "oops");
  auto got = call(a_get());
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), error_code::internal_server_error);
  EXPECT_EQ(got.error().attempts(), 3);
  EXPECT_EQ(sent(), 3u);
}

TEST_F(retry_scenarios, transaction_conflicts_get_three_attempts_by_default) {
  make_client();
  for (int i = 0; i < 5; ++i) transport->respond(400, std::string(conflict_then_none));
  auto tx = call(a_transaction());
  ASSERT_FALSE(tx);
  EXPECT_EQ(tx.error().attempts(), 3);
  EXPECT_EQ(sent(), 3u);
}

TEST_F(retry_scenarios, a_conditional_put_whose_outcome_is_unknown_is_not_sent_again) {
  make_client();
  transport->lose_connection_after_sending();
  auto in = a_put();
  in.condition_expression = "attribute_not_exists(pk)";
  auto put = call(std::move(in));
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code(), error_code::network);
  EXPECT_TRUE(put.error().outcome_unknown());
  EXPECT_THAT(std::string(put.error().message()), HasSubstr("may have been applied"));
  EXPECT_EQ(put.error().attempts(), 1);
  EXPECT_EQ(sent(), 1u);
}

TEST_F(retry_scenarios, an_add_update_whose_outcome_is_unknown_is_not_sent_again) {
  make_client();
  transport->lose_connection_after_sending();
  auto in = update_item_input{.table_name = "orders", .key = {{"pk", "a"}}, .update_expression = "ADD hits :one",
                              .expression_attribute_values = {{":one", number(1)}}};
  auto updated = call(std::move(in));
  ASSERT_FALSE(updated);
  EXPECT_TRUE(updated.error().outcome_unknown());
  EXPECT_EQ(sent(), 1u);
}

TEST_F(retry_scenarios, a_damaged_answer_to_a_read_is_sent_again) {
  make_client();
  transport->respond(200, R"({"Item":{"pk":{"S":"a"}}})", {{"x-amz-crc32", "12345"}});
  transport->respond(200, R"({"Item":{"pk":{"S":"a"}}})");
  auto got = call(a_get());
  ASSERT_TRUE(got) << got.error();
  EXPECT_EQ(sent(), 2u);
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].error->code(), error_code::crc_mismatch);
}

TEST_F(retry_scenarios, a_plain_put_whose_outcome_is_unknown_is_sent_again) {
  make_client();
  transport->lose_connection_after_sending();
  transport->respond(200, "{}");
  auto put = call(a_put());
  ASSERT_TRUE(put) << put.error();
  EXPECT_EQ(sent(), 2u);
}

TEST_F(retry_scenarios, a_conditional_put_marked_idempotent_is_sent_again) {
  make_client();
  transport->lose_connection_after_sending();
  transport->respond(200, "{}");
  auto in = a_put();
  in.condition_expression = "attribute_not_exists(pk)";
  auto put = call(std::move(in), call_options{.idempotent = true});
  ASSERT_TRUE(put) << put.error();
  EXPECT_EQ(sent(), 2u);
}

TEST_F(retry_scenarios, an_empty_retry_quota_stops_retries_and_says_so) {
  make_client([](client_options& o) {
    o.retry.retry_quota_tokens = 10;  // two retries' worth
    o.circuit_breaker.enabled = false;
  });
  for (int i = 0; i < 3; ++i) transport->respond_error(503, "ServiceUnavailable", "busy");
  auto first = call(a_get());
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().attempts(), 3);  // both retries paid from the quota

  transport->respond_error(503, "ServiceUnavailable", "busy");
  transport->respond(200, "{}");  // would be the retry, if there were tokens for it
  auto second = call(a_get());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code(), error_code::service_unavailable);
  EXPECT_EQ(second.error().attempts(), 1);
  EXPECT_THAT(std::string(second.error().message()), HasSubstr("retry quota is exhausted"));
  EXPECT_EQ(sent(), 4u);

  // Successes refill the quota (1 token each): after 5, a retry is allowed again.
  for (int i = 0; i < 4; ++i) transport->respond(200, "{}");
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(call(a_get()));  // the 200 left over, then 4 more
  transport->respond_error(503, "ServiceUnavailable", "busy");
  transport->respond(200, "{}");
  EXPECT_TRUE(call(a_get()));
  EXPECT_EQ(sent(), 11u);
}

TEST_F(retry_scenarios, an_open_circuit_fails_fast_without_sending_then_probes_after_thirty_seconds) {
  make_client();
  const auto one_attempt = call_options{.retry = retry_options{.max_attempts = 1}};
  for (int i = 0; i < 5; ++i) transport->respond_error(500, "InternalServerError", "down");
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(call(a_get(), one_attempt));
  ASSERT_EQ(sent(), 5u);
  attempts.clear();

  auto refused = call(a_get());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), error_code::circuit_open);
  EXPECT_EQ(refused.error().attempts(), 0);
  EXPECT_EQ(sent(), 5u);
  EXPECT_TRUE(attempts.empty());  // nothing sent, nothing for the hook

  steady_now += 30s;
  transport->respond(200, "{}").respond(200, "{}");
  EXPECT_TRUE(call(a_get()));  // half-open: the probe goes through
  EXPECT_TRUE(call(a_get()));
  EXPECT_EQ(sent(), 7u);
}

TEST_F(retry_scenarios, a_call_that_retries_to_success_does_not_count_against_the_endpoint) {
  make_client();
  // Each call fails twice, then succeeds: 10 failed requests, no failed call.
  for (int i = 0; i < 5; ++i) {
    transport->respond_error(500, "InternalServerError", "down");
    transport->respond_error(503, "ServiceUnavailable", "busy");
    transport->respond(200, "{}");
  }
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(call(a_get()));
  transport->respond(200, "{}");
  EXPECT_TRUE(call(a_get()));
  EXPECT_EQ(sent(), 16u);
}

TEST_F(retry_scenarios, throttles_and_client_errors_do_not_open_the_circuit) {
  make_client();
  const auto one_attempt = call_options{.retry = retry_options{.max_attempts = 1}};
  for (int i = 0; i < 6; ++i) transport->respond_error(400, "ThrottlingException", "slow down");
  for (int i = 0; i < 6; ++i) transport->respond_error(400, "ResourceNotFoundException", "no table");
  for (int i = 0; i < 12; ++i) EXPECT_FALSE(call(a_get(), one_attempt));
  transport->respond(200, "{}");
  EXPECT_TRUE(call(a_get()));
  EXPECT_EQ(sent(), 13u);
}

TEST_F(retry_scenarios, a_per_call_override_replaces_the_clients_budget) {
  make_client();
  for (int i = 0; i < 5; ++i) transport->respond_error(400, "ThrottlingException", "slow down");
  auto got = call(a_get(), call_options{.retry = retry_options{.max_attempts = 2}});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().attempts(), 2);
  EXPECT_EQ(sent(), 2u);
}

TEST_F(retry_scenarios, every_wait_lies_within_zero_and_the_capped_exponential_bound) {
  std::mt19937_64 engine(7);
  std::vector<double> draws;
  make_client([&](client_options& o) {
    o.retry.base_delay = 40ms;
    o.retry.max_delay = 1000ms;
    o.random = [&] { return draws.emplace_back(std::uniform_real_distribution<double>(0, 1)(engine)); };
  });
  for (int i = 0; i < 10; ++i) transport->respond_error(400, "ThrottlingException", "slow down");
  ASSERT_FALSE(call(a_get()));
  ASSERT_EQ(slept.size(), 9u);
  ASSERT_EQ(draws.size(), 9u);
  for (std::size_t n = 0; n < slept.size(); ++n) {
    const auto bound = std::min<std::chrono::milliseconds>(1000ms, 40ms * (1LL << n));
    EXPECT_GE(slept[n], 0ms) << n;
    EXPECT_LE(slept[n], bound) << n;
    EXPECT_EQ(slept[n].count(), static_cast<long long>(draws[n] * static_cast<double>(bound.count()))) << n;
    EXPECT_EQ(attempts[n].retry_delay, slept[n]);
  }
}

TEST_F(retry_scenarios, the_hook_sees_each_request_with_its_status_request_id_and_delay) {
  make_client();
  transport->respond_error(503, "ServiceUnavailable", "busy");
  transport->respond(200, "{}");
  ASSERT_TRUE(call(a_put()));
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].operation, "PutItem");
  EXPECT_EQ(attempts[0].attempt, 1);
  ASSERT_TRUE(attempts[0].error);
  EXPECT_EQ(attempts[0].error->code(), error_code::service_unavailable);
  EXPECT_EQ(attempts[0].error->attempts(), 1);
  EXPECT_EQ(attempts[0].http_status, 503);
  EXPECT_EQ(attempts[0].request_id, "req-1");
  EXPECT_EQ(attempts[0].retry_delay, slept.at(0));
  EXPECT_EQ(attempts[1].attempt, 2);
  EXPECT_FALSE(attempts[1].error);
  EXPECT_EQ(attempts[1].http_status, 200);
  EXPECT_EQ(attempts[1].request_id, "req-2");
  EXPECT_FALSE(attempts[1].retry_delay);
}

TEST_F(retry_scenarios, adaptive_mode_waits_after_throttles_without_counting_the_wait_as_an_attempt) {
  make_client([](client_options& o) { o.retry.adaptive = true; });
  for (int i = 0; i < 3; ++i) transport->respond_error(400, "ThrottlingException", "slow down");
  transport->respond(200, "{}");
  for (int i = 0; i < 4; ++i) transport->respond(200, "{}");
  ASSERT_TRUE(call(a_get()));
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(call(a_get()));
  EXPECT_EQ(sent(), 8u);
  EXPECT_EQ(attempts.size(), 8u);  // one per request, none for a wait
  // 3 backoffs, plus the limiter's waits for send tokens at its lowered rate.
  EXPECT_GT(slept.size(), 3u);
}

TEST_F(retry_scenarios, retries_use_a_real_timer_when_no_sleeper_is_injected) {
  make_client([](client_options& o) {
    o.sleeper = nullptr;
    o.random = nullptr;
    o.steady_clock = nullptr;
    o.retry.base_delay = 1ms;
  });
  transport->respond_error(400, "ThrottlingException", "slow down");
  transport->respond_error(400, "ThrottlingException", "slow down");
  transport->respond(200, "{}");
  ASSERT_TRUE(call(a_get()));
  EXPECT_EQ(sent(), 3u);
}

TEST_F(retry_scenarios, a_canceled_call_is_not_retried_and_does_not_count_against_the_endpoint) {
  make_client([](client_options& o) { o.circuit_breaker.failure_threshold = 1; });
  transport->fail_with(error(error_code::canceled, "operation canceled"));
  transport->respond(200, "{}");
  asio::cancellation_signal signal;
  std::optional<result<get_item_output>> got;
  ddb->async_get_item(a_get(), asio::bind_cancellation_slot(signal.slot(), [&](result<get_item_output> r) {
                        got = std::move(r);
                      }));
  signal.emit(asio::cancellation_type::terminal);
  io.run();
  io.restart();
  ASSERT_TRUE(got && !*got);
  EXPECT_EQ((*got).error().code(), error_code::canceled);
  EXPECT_EQ((*got).error().attempts(), 1);
  EXPECT_EQ(sent(), 1u);
  EXPECT_TRUE(call(a_get()));  // the breaker (threshold 1) did not open
}

TEST_F(retry_scenarios, a_call_canceled_while_waiting_to_retry_ends_with_canceled) {
  asio::cancellation_signal signal;
  // The client's own timer (random_value keeps the wait above 0 ms): the wait starts, then
  // the caller cancels, and the timer must hear it.
  make_client([](client_options& o) { o.sleeper = nullptr; });
  transport->respond_error(400, "ThrottlingException", "slow down");
  transport->respond(200, "{}");
  std::optional<result<get_item_output>> got;
  ddb->async_get_item(a_get(), asio::bind_cancellation_slot(signal.slot(), [&](result<get_item_output> r) {
                        got = std::move(r);
                      }));
  // Let the first request fail and the backoff timer start, then cancel.
  while (!got && sent() < 1) io.run_one();
  io.poll();
  signal.emit(asio::cancellation_type::terminal);
  io.run();
  io.restart();
  ASSERT_TRUE(got && !*got);
  EXPECT_EQ((*got).error().code(), error_code::canceled);
  EXPECT_THAT(std::string((*got).error().message()), HasSubstr("slow down"));
  EXPECT_EQ((*got).error().attempts(), 1);
  EXPECT_EQ(sent(), 1u);
}

}  // namespace
}  // namespace ddbkit

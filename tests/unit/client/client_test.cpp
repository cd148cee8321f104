// The client over a scripted transport: what goes on the wire, and how answers map.
#include <ddbkit/auth/sigv4_signer.hpp>
#include <ddbkit/client.hpp>
#include <ddbkit/testkit/scripted_transport.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <boost/crc.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>

#include <atomic>

namespace ddbkit {
namespace {

namespace asio = boost::asio;
// Requests are built in a statement of their own, not inside the co_await expression:
// GCC 12 miscompiles braced initializer lists that live across a suspension point.
using ::testing::HasSubstr;

std::string crc32_of(std::string_view body) {
  boost::crc_32_type crc;
  crc.process_bytes(body.data(), body.size());
  return std::to_string(crc.checksum());
}

class client_over_script : public ::testing::Test {
 protected:
  client_over_script() : transport(std::make_shared<testkit::scripted_transport>(io.get_executor())) {
    auto options = client_options::local(8000);
    options.region = "eu-west-1";
    // A fixed clock: 2015-08-30T12:36:00Z.
    options.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1440938160)); };
    // One request per call: these tests check how a single answer maps; retries have
    // their own tests (retry_scenarios_test.cpp).
    options.retry.max_attempts = 1;
    ddb.emplace(*client::create(io.get_executor(), options, transport));
  }

  /// Runs `fn` as a coroutine on the test's io_context until it finishes.
  template <class Fn>
  void run(Fn fn) {
    asio::co_spawn(io, fn(), asio::detached);
    io.run();
    io.restart();
  }

  asio::io_context io;
  std::shared_ptr<testkit::scripted_transport> transport;
  std::optional<client> ddb;
};

TEST_F(client_over_script, get_item_sends_a_signed_json_1_0_request) {
  transport->respond(200, R"({"Item":{"pk":{"S":"a"},"n":{"N":"7"}}})");
  std::optional<result<get_item_output>> got;
  run([&]() -> asio::awaitable<void> {
    auto request_1 = get_item_input{.table_name = "orders", .key = {{"pk", "a"}}};
    got = co_await ddb->async_get_item(std::move(request_1), asio::use_awaitable);
  });
  ASSERT_TRUE(got) << "no answer";
  ASSERT_TRUE(*got) << got->error();
  ASSERT_TRUE((*got)->item);
  EXPECT_EQ((*got)->item->at("n"), attribute_value(number(7)));

  auto sent = transport->requests();
  ASSERT_EQ(sent.size(), 1u);
  const auto& req = sent[0].request;
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/");
  EXPECT_EQ(req.header_value("X-Amz-Target"), "DynamoDB_20120810.GetItem");
  EXPECT_EQ(req.header_value("Content-Type"), "application/x-amz-json-1.0");
  EXPECT_EQ(req.header_value("X-Amz-Date"), "20150830T123600Z");
  EXPECT_THAT(std::string(req.header_value("Authorization")),
              HasSubstr("Credential=local/20150830/eu-west-1/dynamodb/aws4_request"));
  EXPECT_THAT(std::string(req.header_value("Authorization")),
              HasSubstr("SignedHeaders=content-type;host;x-amz-date;x-amz-target"));
  auto body = boost::json::parse(req.body);
  EXPECT_EQ(body.at("TableName"), "orders");
  EXPECT_EQ(body.at("Key"), boost::json::parse(R"({"pk":{"S":"a"}})"));
  EXPECT_EQ(sent[0].endpoint.url(), "http://127.0.0.1:8000");
}

TEST_F(client_over_script, invalid_input_is_refused_before_anything_is_sent) {
  std::optional<result<put_item_output>> put;
  run([&]() -> asio::awaitable<void> {
    auto request_2 = put_item_input{.table_name = "x", .item = {{"pk", "a"}}};
    put = co_await ddb->async_put_item(std::move(request_2), asio::use_awaitable);
  });
  ASSERT_TRUE(put && !*put);
  EXPECT_EQ((*put).error().code(), error_code::validation);
  EXPECT_EQ((*put).error().attempts(), 0);
  EXPECT_TRUE(transport->requests().empty());
}

TEST_F(client_over_script, server_error_carries_type_status_request_id_and_attempts) {
  transport->respond_error(400, "ConditionalCheckFailedException", "The conditional request failed");
  std::optional<result<put_item_output>> put;
  run([&]() -> asio::awaitable<void> {
    auto request_3 = put_item_input{.table_name = "orders", .item = {{"pk", "a"}}, .condition_expression = "attribute_not_exists(pk)"};
    put = co_await ddb->async_put_item(std::move(request_3), asio::use_awaitable);
  });
  ASSERT_TRUE(put && !*put);
  const error& e = (*put).error();
  EXPECT_TRUE(e.is_condition_failed());
  EXPECT_EQ(e.aws_type(), "ConditionalCheckFailedException");
  EXPECT_EQ(e.http_status(), 400);
  EXPECT_EQ(e.request_id(), "req-1");
  EXPECT_EQ(e.attempts(), 1);
  EXPECT_FALSE(e.retryable());
}

TEST_F(client_over_script, throttling_maps_to_a_retryable_throttled_error) {
  transport->respond_error(400, "ProvisionedThroughputExceededException", "slow down");
  std::optional<result<get_item_output>> got;
  run([&]() -> asio::awaitable<void> {
    auto request_4 = get_item_input{.table_name = "orders", .key = {{"pk", "a"}}};
    got = co_await ddb->async_get_item(std::move(request_4), asio::use_awaitable);
  });
  ASSERT_TRUE(got && !*got);
  EXPECT_TRUE((*got).error().is_throttling());
  EXPECT_TRUE((*got).error().retryable());
}

TEST_F(client_over_script, malformed_success_body_is_a_serialization_error) {
  transport->respond(200, R"({"Item": "this is not a map")");
  std::optional<result<get_item_output>> got;
  run([&]() -> asio::awaitable<void> {
    auto request_5 = get_item_input{.table_name = "orders", .key = {{"pk", "a"}}};
    got = co_await ddb->async_get_item(std::move(request_5), asio::use_awaitable);
  });
  ASSERT_TRUE(got && !*got);
  EXPECT_EQ((*got).error().code(), error_code::serialization);
  EXPECT_EQ((*got).error().request_id(), "req-1");
}

TEST_F(client_over_script, a_body_that_fails_its_crc32_is_not_trusted) {
  const std::string body = R"({"TableNames":["x"]})";
  transport->respond(200, body, {{"x-amz-crc32", "12345"}});
  transport->respond(200, body, {{"x-amz-crc32", crc32_of(body)}});
  std::optional<result<list_tables_output>> first, second;
  run([&]() -> asio::awaitable<void> {
    auto request_6 = list_tables_input{};
    first = co_await ddb->async_list_tables(std::move(request_6), asio::use_awaitable);
    auto request_7 = list_tables_input{};
    second = co_await ddb->async_list_tables(std::move(request_7), asio::use_awaitable);
  });
  ASSERT_TRUE(first && !*first);
  EXPECT_EQ((*first).error().code(), error_code::crc_mismatch);
  EXPECT_EQ((*first).error().http_status(), 200);
  ASSERT_TRUE(second) << "no answer";
  ASSERT_TRUE(*second) << second->error();
  EXPECT_EQ((*second)->table_names, std::vector<std::string>{"x"});
}

TEST_F(client_over_script, a_damaged_body_of_a_conditional_write_leaves_the_outcome_unknown) {
  const std::string body = R"({})";
  transport->respond(200, body, {{"x-amz-crc32", "12345"}});
  std::optional<result<put_item_output>> put;
  run([&]() -> asio::awaitable<void> {
    auto request_7 = put_item_input{.table_name = "orders", .item = {{"pk", "a"}},
                                    .condition_expression = "attribute_not_exists(pk)"};
    put = co_await ddb->async_put_item(std::move(request_7), asio::use_awaitable);
  });
  ASSERT_TRUE(put && !*put);
  EXPECT_EQ((*put).error().code(), error_code::crc_mismatch);
  EXPECT_TRUE((*put).error().outcome_unknown());
  EXPECT_EQ((*put).error().attempts(), 1);
  EXPECT_EQ((*put).error().request_id(), "req-1");
  EXPECT_EQ(transport->requests().size(), 1u);
}

TEST_F(client_over_script, transport_failure_is_reported_with_one_attempt) {
  transport->lose_connection_after_sending();
  std::optional<result<get_item_output>> got;
  run([&]() -> asio::awaitable<void> {
    auto request_8 = get_item_input{.table_name = "orders", .key = {{"pk", "a"}}};
    got = co_await ddb->async_get_item(std::move(request_8), asio::use_awaitable);
  });
  ASSERT_TRUE(got && !*got);
  EXPECT_EQ((*got).error().code(), error_code::network);
  EXPECT_TRUE((*got).error().outcome_unknown());
  EXPECT_EQ((*got).error().attempts(), 1);
}

TEST_F(client_over_script, canceled_transaction_reports_reasons_per_action) {
  transport->respond(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
      "Message":"Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
      "CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed","Message":"The conditional request failed",
      "Item":{"pk":{"S":"b"},"v":{"N":"3"}}}]})");
  std::optional<result<transact_write_items_output>> tx;
  run([&]() -> asio::awaitable<void> {
    transact_write_items_input in;
    in.transact_items.push_back(transact_write_item{.put = transact_put{.table_name = "orders", .item = {{"pk", "a"}}}});
    in.transact_items.push_back(transact_write_item{
        .condition_check = transact_condition_check{.table_name = "orders", .key = {{"pk", "b"}}, .condition_expression = "v = :v",
                                                    .expression_attribute_values = {{":v", number(2)}}}});
    tx = co_await ddb->async_transact_write_items(std::move(in), asio::use_awaitable);
  });
  ASSERT_TRUE(tx && !*tx);
  const error& e = (*tx).error();
  ASSERT_TRUE(e.is_transaction_canceled());
  ASSERT_EQ(e.cancellation_reasons().size(), 2u);
  EXPECT_TRUE(e.cancellation_reasons()[0].ok());
  EXPECT_EQ(e.cancellation_reasons()[1].code, "ConditionalCheckFailed");
  ASSERT_TRUE(e.cancellation_reasons()[1].item);
  EXPECT_EQ(e.cancellation_reasons()[1].item->at("v"), attribute_value(number(3)));
  EXPECT_FALSE(e.retryable());
}

TEST_F(client_over_script, works_with_callback_deferred_and_future_tokens) {
  transport->respond(200, R"({"TableNames":["a"]})");
  transport->respond(200, R"({"TableNames":["b"]})");
  transport->respond(200, R"({"TableNames":["c"]})");

  std::optional<result<list_tables_output>> by_callback;
  ddb->async_list_tables(list_tables_input{}, [&](result<list_tables_output> r) { by_callback = std::move(r); });

  std::optional<result<list_tables_output>> by_deferred;
  auto op = ddb->async_list_tables(list_tables_input{}, asio::deferred);
  std::move(op)([&](result<list_tables_output> r) { by_deferred = std::move(r); });

  std::future<result<list_tables_output>> by_future = ddb->async_list_tables(list_tables_input{}, asio::use_future);
  io.run();
  ASSERT_TRUE(by_callback && *by_callback);
  EXPECT_EQ((*by_callback)->table_names, std::vector<std::string>{"a"});
  ASSERT_TRUE(by_deferred && *by_deferred);
  EXPECT_EQ((*by_deferred)->table_names, std::vector<std::string>{"b"});
  auto third = by_future.get();
  ASSERT_TRUE(third);
  EXPECT_EQ(third->table_names, std::vector<std::string>{"c"});
}

TEST_F(client_over_script, an_async_call_reads_its_input_when_made_so_the_input_may_go_before_it_starts) {
  transport->respond(200, "{}");
  auto in = std::make_unique<put_item_input>(
      put_item_input{.table_name = "orders", .item = {{"pk", "a"}, {"v", number(1)}}});
  auto op = ddb->async_put_item(*in, asio::deferred);
  in->item["v"] = number(2);
  in.reset();  // changed, then gone, before the operation starts
  EXPECT_TRUE(transport->requests().empty());

  std::optional<result<put_item_output>> put;
  std::move(op)([&](result<put_item_output> r) { put = std::move(r); });
  io.run();
  ASSERT_TRUE(put);
  ASSERT_TRUE(*put) << put->error();
  const auto sent = transport->requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(boost::json::parse(sent[0].request.body).at("Item"),
            boost::json::parse(R"({"pk":{"S":"a"},"v":{"N":"1"}})"));
}

TEST(client, a_deferred_call_refused_for_its_input_completes_and_is_reported_when_started_not_when_made) {
  struct refusal_recorder final : observer {
    void on_call_start(const call_info& call) override {
      events.push_back("start " + std::string(call.operation) + " " + std::string(call.table));
    }
    void on_call_end(const call_info&, const call_result& r) override {
      events.push_back("end " + std::string(r.error ? to_string(r.error->code()) : "ok"));
    }
    std::vector<std::string> events;
  };
  asio::io_context io;
  auto transport = std::make_shared<testkit::scripted_transport>(io.get_executor());
  auto recorder = std::make_shared<refusal_recorder>();
  auto options = client_options::local(8000);
  options.observers.push_back(recorder);
  auto ddb = client::create(io.get_executor(), options, transport);
  ASSERT_TRUE(ddb) << ddb.error();

  const put_item_input keyless{.table_name = "orders", .item = {}};
  auto op = ddb->async_put_item(keyless, asio::deferred);
  io.run();
  io.restart();
  EXPECT_TRUE(recorder->events.empty()) << "nothing is reported for an operation not started";

  std::optional<result<put_item_output>> put;
  std::move(op)([&](result<put_item_output> r) { put = std::move(r); });
  EXPECT_FALSE(put) << "never completed inside the start";
  io.run();
  ASSERT_TRUE(put && !*put);
  EXPECT_EQ((*put).error().code(), error_code::validation);
  EXPECT_EQ((*put).error().attempts(), 0);
  EXPECT_EQ(recorder->events, (std::vector<std::string>{"start PutItem orders", "end validation"}));
  EXPECT_TRUE(transport->requests().empty());
}

/// Hands out the credentials in `current`, which the test may swap between calls.
class swappable_credentials final : public credentials_provider {
 public:
  explicit swappable_credentials(credentials c) : current(std::move(c)) {}
  void async_get_credentials(handler h) override { std::move(h)(result<credentials>(current)); }
  credentials current;
};

TEST(client, every_request_is_signed_as_the_plain_signer_would_across_days_and_rotations) {
  asio::io_context io;
  auto transport = std::make_shared<testkit::scripted_transport>(io.get_executor());
  auto provider = std::make_shared<swappable_credentials>(credentials{
      .access_key_id = "AKIDONE", .secret_access_key = secret_string("SECRETONE"), .session_token = {},
      .expiration = std::nullopt});
  std::atomic<std::chrono::system_clock::time_point> now{
      std::chrono::system_clock::time_point(std::chrono::seconds(1440938160))};  // 2015-08-30T12:36:00Z
  auto options = client_options::local(8000);
  options.region = "eu-west-1";
  options.credentials = provider;
  options.clock = [&now] { return now.load(); };
  options.retry.max_attempts = 1;
  auto ddb = client::create(io.get_executor(), options, transport);
  ASSERT_TRUE(ddb) << ddb.error();

  // What each call was signed with, in order: same day twice, the next day, then rotated keys.
  std::vector<std::pair<credentials, std::chrono::system_clock::time_point>> used;
  const auto call = [&] {
    transport->respond(200, R"({"TableNames":[]})");
    used.emplace_back(provider->current, now.load());
    std::optional<result<list_tables_output>> out;
    ddb->async_list_tables(list_tables_input{}, [&](result<list_tables_output> r) { out = std::move(r); });
    io.run();
    io.restart();
    ASSERT_TRUE(out) << "no answer";
    ASSERT_TRUE(*out) << out->error();
  };
  call();
  now = now.load() + std::chrono::hours(1);
  call();
  now = now.load() + std::chrono::hours(24);
  call();
  provider->current.secret_access_key = secret_string("SECRETTWO");
  provider->current.access_key_id = "AKIDTWO";
  call();

  const auto sent = transport->requests();
  ASSERT_EQ(sent.size(), used.size());
  for (std::size_t i = 0; i < sent.size(); ++i) {
    const auto& req = sent[i].request;
    sigv4::signable_request to_sign{
        .method = req.method, .path = req.target, .query = {},
        .headers = {{"content-type", std::string(req.header_value("Content-Type"))},
                    {"host", "127.0.0.1:8000"},
                    {"x-amz-target", std::string(req.header_value("X-Amz-Target"))}},
        .payload = req.body};
    const auto expected =
        sigv4::sign(to_sign, used[i].first, {.region = "eu-west-1", .service = "dynamodb", .time = used[i].second});
    EXPECT_EQ(req.header_value("Authorization"), expected.authorization) << "request " << i;
  }
}

TEST(client, the_attempt_hook_is_told_the_table_and_index_of_each_request) {
  asio::io_context io;
  auto transport = std::make_shared<testkit::scripted_transport>(io.get_executor());
  std::vector<std::pair<std::string, std::string>> seen;  // table, index
  auto options = client_options::local(8000);
  options.retry.max_attempts = 1;
  options.on_attempt = [&seen](const attempt_info& a) { seen.emplace_back(a.table, a.index); };
  auto ddb = client::create(io.get_executor(), options, transport);
  ASSERT_TRUE(ddb) << ddb.error();
  const auto answer = [&](std::string body, auto start) {
    transport->respond(200, std::move(body));
    start();
    io.run();
    io.restart();
  };
  const auto ignore = [](auto r) { EXPECT_TRUE(r) << r.error(); };

  answer("{}", [&] { ddb->async_put_item(put_item_input{.table_name = "orders", .item = {{"pk", "a"}}}, ignore); });
  answer(R"({"Items":[],"Count":0,"ScannedCount":0})", [&] {
    ddb->async_query(query_input{.table_name = "orders", .index_name = "by-customer",
                                 .key_condition_expression = "c = :c", .expression_attribute_values = {{":c", "x"}}},
                     ignore);
  });
  answer("{}", [&] {
    batch_write_item_input batch;
    batch.request_items["b-table"].push_back(write_request::put({{"pk", "1"}}));
    batch.request_items["a-table"].push_back(write_request::put({{"pk", "2"}}));
    ddb->async_batch_write_item(std::move(batch), ignore);
  });
  answer("{}", [&] {
    transact_write_items_input tx;
    tx.transact_items.push_back({.put = transact_put{.table_name = "tx-2", .item = {{"pk", "1"}}}});
    tx.transact_items.push_back({.remove = transact_delete{.table_name = "tx-1", .key = {{"pk", "2"}}}});
    tx.transact_items.push_back({.put = transact_put{.table_name = "tx-2", .item = {{"pk", "3"}}}});
    ddb->async_transact_write_items(std::move(tx), ignore);
  });
  answer(R"({"TableNames":[]})", [&] { ddb->async_list_tables(list_tables_input{}, ignore); });

  using p = std::pair<std::string, std::string>;
  EXPECT_EQ(seen, (std::vector<p>{{"orders", ""}, {"orders", "by-customer"}, {"a-table,b-table", ""},
                                  {"tx-2,tx-1", ""}, {"", ""}}));
}

TEST(client, the_attempt_hook_sees_the_capacity_each_successful_request_consumed) {
  asio::io_context io;
  auto transport = std::make_shared<testkit::scripted_transport>(io.get_executor());
  std::vector<std::vector<consumed_capacity>> seen;  // per attempt
  auto options = client_options::local(8000);
  options.sleeper = [](std::chrono::milliseconds, std::function<void()> wake) { wake(); };
  options.on_attempt = [&seen](const attempt_info& a) {
    seen.emplace_back(a.consumed_capacity.begin(), a.consumed_capacity.end());
  };
  auto ddb = client::create(io.get_executor(), options, transport);
  ASSERT_TRUE(ddb) << ddb.error();
  const auto expect_ok = [](auto r) { EXPECT_TRUE(r) << r.error(); };

  transport->respond_error(400, "ThrottlingException", "slow down");
  transport->respond(200, R"({"ConsumedCapacity":{"TableName":"orders","CapacityUnits":1.5}})");
  ddb->async_put_item(put_item_input{.table_name = "orders", .item = {{"pk", "a"}},
                                     .return_consumed_capacity = return_consumed_capacity::total},
                      expect_ok);
  io.run();
  io.restart();
  transport->respond(200, R"({"UnprocessedItems":{},"ConsumedCapacity":[)"
                          R"({"TableName":"a-table","CapacityUnits":2},{"TableName":"b-table","CapacityUnits":1}]})");
  batch_write_item_input batch{.return_consumed_capacity = return_consumed_capacity::total};
  batch.request_items["a-table"].push_back(write_request::put({{"pk", "1"}}));
  batch.request_items["b-table"].push_back(write_request::put({{"pk", "2"}}));
  ddb->async_batch_write_item(std::move(batch), expect_ok);
  io.run();
  io.restart();
  transport->respond(200, R"({"TableNames":[]})");
  ddb->async_list_tables(list_tables_input{}, expect_ok);
  io.run();

  ASSERT_EQ(seen.size(), 4u);
  EXPECT_TRUE(seen[0].empty()) << "a throttled request consumed nothing that DynamoDB reported";
  ASSERT_EQ(seen[1].size(), 1u);
  EXPECT_EQ(seen[1][0].table_name, "orders");
  EXPECT_EQ(seen[1][0].capacity_units, 1.5);
  ASSERT_EQ(seen[2].size(), 2u);
  EXPECT_EQ(seen[2][0].table_name, "a-table");
  EXPECT_EQ(seen[2][0].capacity_units, 2.0);
  EXPECT_EQ(seen[2][1].table_name, "b-table");
  EXPECT_TRUE(seen[3].empty());
}

TEST(client, observers_see_what_each_batch_left_unprocessed_per_table) {
  struct unprocessed_recorder final : observer {
    using counts = std::vector<std::pair<std::string, std::size_t>>;
    static counts copy(std::span<const unprocessed_requests> left) {
      counts out;
      for (const auto& u : left) out.emplace_back(std::string(u.table), u.count);
      return out;
    }
    void on_attempt(const call_info&, const attempt_info& a) override { attempts.push_back(copy(a.unprocessed)); }
    void on_call_end(const call_info&, const call_result& r) override { calls.push_back(copy(r.unprocessed)); }
    std::vector<counts> attempts, calls;
  };
  asio::io_context io;
  auto transport = std::make_shared<testkit::scripted_transport>(io.get_executor());
  auto recorder = std::make_shared<unprocessed_recorder>();
  auto options = client_options::local(8000);
  options.observers.push_back(recorder);
  auto ddb = client::create(io.get_executor(), options, transport);
  ASSERT_TRUE(ddb) << ddb.error();
  const auto expect_ok = [](auto r) { EXPECT_TRUE(r) << r.error(); };

  transport->respond(200, R"({"UnprocessedItems":{"b-table":[{"PutRequest":{"Item":{"pk":{"S":"2"}}}},)"
                          R"({"DeleteRequest":{"Key":{"pk":{"S":"3"}}}}],"a-table":[{"PutRequest":{"Item":{"pk":{"S":"1"}}}}]}})");
  batch_write_item_input batch;
  batch.request_items["a-table"].push_back(write_request::put({{"pk", "1"}}));
  batch.request_items["b-table"].push_back(write_request::put({{"pk", "2"}}));
  batch.request_items["b-table"].push_back(write_request::remove({{"pk", "3"}}));
  ddb->async_batch_write_item(std::move(batch), expect_ok);
  io.run();
  io.restart();
  transport->respond(200, R"({"Responses":{"a-table":[]},"UnprocessedKeys":{"a-table":{"Keys":[{"pk":{"S":"1"}},)"
                          R"({"pk":{"S":"4"}}]},"b-table":{"Keys":[]}}})");
  batch_get_item_input read;
  read.request_items["a-table"].keys = {{{"pk", "1"}}, {{"pk", "4"}}};
  ddb->async_batch_get_item(std::move(read), expect_ok);
  io.run();
  io.restart();
  transport->respond(200, R"({"UnprocessedItems":{}})");
  batch_write_item_input done;
  done.request_items["a-table"].push_back(write_request::put({{"pk", "1"}}));
  ddb->async_batch_write_item(std::move(done), expect_ok);
  io.run();

  using counts = unprocessed_recorder::counts;
  const std::vector<counts> expected{{{"a-table", 1}, {"b-table", 2}}, {{"a-table", 2}}, {}};
  EXPECT_EQ(recorder->calls, expected) << "per table, in name order; an empty table's entry is left out";
  EXPECT_EQ(recorder->attempts, expected);
}

TEST(client, blocking_calls_run_on_the_clients_own_thread) {
  auto options = client_options::local(1);  // nothing listens on port 1
  options.http.connect_timeout = std::chrono::milliseconds(500);
  auto ddb = client::create(options);
  ASSERT_TRUE(ddb);
  auto tables = ddb->list_tables({});
  ASSERT_FALSE(tables);
  EXPECT_EQ(tables.error().code(), error_code::network);
  EXPECT_FALSE(tables.error().outcome_unknown());
}

TEST(client, a_blocking_call_from_the_clients_own_io_thread_is_refused_with_its_own_code) {
  auto options = client_options::local(1);  // nothing listens on port 1: the async call fails fast
  auto ddb = client::create(options);
  ASSERT_TRUE(ddb);
  std::promise<result<list_tables_output>> nested;
  ddb->async_list_tables(list_tables_input{}, [&](result<list_tables_output>) {
    // A completion handler without an executor of its own runs on the client's I/O thread.
    nested.set_value(ddb->list_tables({}));
  });
  auto refused = nested.get_future().get();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), error_code::blocking_call_on_io_thread);
  EXPECT_EQ(refused.error().attempts(), 0);
}

TEST(client, creation_refuses_a_bad_endpoint_and_missing_credentials) {
  auto options = client_options::local(8000);
  options.endpoint = "not a url";
  EXPECT_EQ(client::create(options).error().code(), error_code::validation);
  options = client_options::local(8000);
  options.credentials = nullptr;
  EXPECT_EQ(client::create(options).error().code(), error_code::credentials);
}

}  // namespace
}  // namespace ddbkit

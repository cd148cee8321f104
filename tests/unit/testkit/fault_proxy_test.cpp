// The fault proxy between an HTTP client and a scripted upstream: every action, scripts,
// seeds, counters, keep-alive under concurrency, stop.
#include <ddbkit/testkit/fault_proxy.hpp>

#include "common/test_http_server.hpp"
#include "unit/http/http_test_support.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/crc.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <ostream>
#include <thread>

namespace ddbkit::testkit {
namespace {

using namespace std::chrono_literals;
using ddbkit::testing::client_harness;
using ddbkit::testing::server_reply;
using ddbkit::testing::server_request;
using ddbkit::testing::test_http_server;
namespace json = boost::json;

std::string crc32_of(std::string_view body) {
  boost::crc_32_type crc;
  crc.process_bytes(body.data(), body.size());
  return std::to_string(crc.checksum());
}

/// An upstream that answers 200 {"echo": n} (or an empty batch answer) and keeps what it got.
class fake_dynamodb {
 public:
  fake_dynamodb()
      : server_([this](const server_request& r) {
          std::lock_guard lock(mutex_);
          received_.push_back(r);
          std::string body = R"({"echo":)" + std::to_string(received_.size()) + "}";
          if (r.header("X-Amz-Target").ends_with(".BatchWriteItem")) body = R"({"UnprocessedItems":{}})";
          return server_reply{.status = 200,
                              .headers = {{"Content-Type", "application/x-amz-json-1.0"},
                                          {"x-amzn-RequestId", "upstream-" + std::to_string(received_.size())},
                                          {"x-amz-crc32", crc32_of(body)}},
                              .body = body};
        }) {}

  std::string url() const { return server_.url(); }
  std::vector<server_request> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }
  std::size_t count() const { return received().size(); }
  std::size_t connections() const { return server_.connections_accepted(); }

 private:
  mutable std::mutex mutex_;
  std::vector<server_request> received_;
  test_http_server server_;  // last: stops before what its handler uses goes away
};

http::request dynamodb_request(std::string_view operation, std::string body = R"({"TableName":"orders"})") {
  http::request req;
  req.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                 {"X-Amz-Target", "DynamoDB_20120810." + std::string(operation)},
                 {"Authorization", "AWS4-HMAC-SHA256 Credential=local/..."}};
  req.body = std::move(body);
  return req;
}

fault_proxy start_proxy(const fake_dynamodb& upstream, std::vector<fault_rule> rules = {}, std::uint64_t seed = 1) {
  auto proxy = fault_proxy::start({.upstream = upstream.url(), .seed = seed, .rules = std::move(rules)});
  EXPECT_TRUE(proxy) << proxy.error();
  return std::move(*proxy);
}

std::string aws_type_of(const http::response& r) {
  return std::string(json::parse(r.body).at("__type").as_string());
}

TEST(fault_proxy, without_faults_forwards_requests_and_answers_unchanged) {
  fake_dynamodb upstream;
  auto proxy = start_proxy(upstream);
  client_harness client;
  auto req = dynamodb_request("GetItem", R"({"TableName":"orders","Key":{"pk":{"S":"a"}}})");
  req.headers.push_back({"Proxy-Authorization", "Basic c2VjcmV0"});  // hop-by-hop: not forwarded
  req.headers.push_back({"TE", "trailers"});

  auto answer = client.send(proxy.endpoint(), req);

  ASSERT_TRUE(answer) << answer.error();
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->body, R"({"echo":1})");
  EXPECT_EQ(answer->header_value("x-amzn-RequestId"), "upstream-1");
  EXPECT_EQ(answer->header_value("x-amz-crc32"), crc32_of(answer->body));
  const auto got = upstream.received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].body, req.body);
  EXPECT_EQ(got[0].header("X-Amz-Target"), "DynamoDB_20120810.GetItem");
  EXPECT_EQ(got[0].header("Authorization"), "AWS4-HMAC-SHA256 Credential=local/...");
  EXPECT_EQ(got[0].header("Host"), upstream.url().substr(7));  // the upstream's, not the proxy's
  EXPECT_EQ(got[0].header("Proxy-Authorization"), "");
  EXPECT_EQ(got[0].header("TE"), "");
  const auto stats = proxy.stats();
  EXPECT_EQ(stats.total.requests, 1u);
  EXPECT_EQ(stats.total.forwarded, 1u);
  EXPECT_EQ(stats.total.injected_total(), 0u);
  EXPECT_EQ(stats.by_operation.at("GetItem").forwarded, 1u);
}

struct error_case {
  fault_kind kind;
  int status;
  std::string_view type;
};

// Readable in ctest's listing instead of the parameter's bytes.
void PrintTo(const error_case& c, std::ostream* out) { *out << to_string(c.kind); }

class injected_errors : public ::testing::TestWithParam<error_case> {};

TEST_P(injected_errors, answer_in_dynamodbs_error_format_without_forwarding) {
  const auto& c = GetParam();
  fake_dynamodb upstream;
  auto proxy = start_proxy(upstream, {{.operation = "PutItem", .action = fault_action::of(c.kind)}});
  client_harness client;

  auto answer = client.send(proxy.endpoint(), dynamodb_request("PutItem"));

  ASSERT_TRUE(answer) << answer.error();
  EXPECT_EQ(answer->status, c.status);
  EXPECT_EQ(aws_type_of(*answer), "com.amazonaws.dynamodb.v20120810#" + std::string(c.type));
  EXPECT_TRUE(answer->header_value("x-amzn-RequestId").starts_with("fault-proxy-"));
  EXPECT_EQ(answer->header_value("x-amz-crc32"), crc32_of(answer->body));
  EXPECT_EQ(upstream.count(), 0u);
  const auto stats = proxy.stats();
  EXPECT_EQ(stats.total.injected_of(c.kind), 1u);
  EXPECT_EQ(stats.total.injected_total(), 1u);
  EXPECT_EQ(stats.total.forwarded, 0u);
  EXPECT_EQ(stats.by_operation.at("PutItem").injected_of(c.kind), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    fault_proxy, injected_errors,
    ::testing::Values(error_case{fault_kind::throttle, 400, "ProvisionedThroughputExceededException"},
                      error_case{fault_kind::throttling, 400, "ThrottlingException"},
                      error_case{fault_kind::internal_error, 500, "InternalServerError"},
                      error_case{fault_kind::service_unavailable, 503, "ServiceUnavailable"}),
    [](const auto& test_info) { return std::string(to_string(test_info.param.kind)); });

TEST(fault_proxy, reset_before_forwarding_never_reaches_the_upstream) {
  fake_dynamodb upstream;
  auto proxy = start_proxy(upstream);
  proxy.enqueue(fault_action::of(fault_kind::reset_before));
  client_harness client;

  auto answer = client.send(proxy.endpoint(), dynamodb_request("PutItem"));

  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code(), error_code::network);
  EXPECT_TRUE(answer.error().outcome_unknown());  // the client cannot tell where it broke
  EXPECT_EQ(upstream.count(), 0u);
  EXPECT_EQ(proxy.stats().total.injected_of(fault_kind::reset_before), 1u);
  EXPECT_EQ(proxy.stats().total.forwarded, 0u);
}

TEST(fault_proxy, a_reset_before_forwarding_on_a_reused_connection_reaches_the_client_once) {
  fake_dynamodb upstream;
  auto proxy = start_proxy(upstream);
  client_harness client;
  ASSERT_TRUE(client.send(proxy.endpoint(), dynamodb_request("GetItem")));  // the connection is now pooled
  proxy.enqueue(fault_action::of(fault_kind::reset_before), "PutItem");

  auto answer = client.send(proxy.endpoint(), dynamodb_request("PutItem"));

  // The whole request had been written, so the http_client must not take the reset for a
  // stale idle connection and send it again: deciding that is the retry layer's job, and
  // the proxy's counts must equal the attempts the client saw.
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code(), error_code::network);
  EXPECT_TRUE(answer.error().outcome_unknown());
  const auto stats = proxy.stats();
  EXPECT_EQ(stats.total.requests, 2u);
  EXPECT_EQ(stats.total.injected_of(fault_kind::reset_before), 1u);
  EXPECT_EQ(stats.by_operation.at("PutItem").injected_of(fault_kind::reset_before), 1u);
  EXPECT_EQ(upstream.count(), 1u);
}

TEST(fault_proxy, reset_after_forwarding_applies_the_request_and_loses_the_answer_even_on_a_reused_connection) {
  fake_dynamodb upstream;
  auto proxy = start_proxy(upstream);
  client_harness client;
  ASSERT_TRUE(client.send(proxy.endpoint(), dynamodb_request("GetItem")));  // the connection is now pooled
  proxy.enqueue(fault_action::of(fault_kind::reset_after), "PutItem");

  auto answer = client.send(proxy.endpoint(), dynamodb_request("PutItem"));

  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code(), error_code::network);
  EXPECT_TRUE(answer.error().outcome_unknown());
  // Exactly once: the client did not take the drop for a stale idle connection and resend.
  EXPECT_EQ(upstream.count(), 2u);
  EXPECT_EQ(client.client->stats().connections_opened, 1u);
  const auto stats = proxy.stats();
  EXPECT_EQ(stats.total.injected_of(fault_kind::reset_after), 1u);
  EXPECT_EQ(stats.by_operation.at("PutItem").forwarded, 1u);
  EXPECT_TRUE(client.send(proxy.endpoint(), dynamodb_request("GetItem")));  // a new connection works
}

TEST(fault_proxy, a_delay_holds_the_request_then_forwards_it) {
  fake_dynamodb upstream;
  auto proxy = start_proxy(upstream);
  proxy.enqueue(fault_action::delayed(150ms));
  client_harness client;

  const auto started = std::chrono::steady_clock::now();
  auto answer = client.send(proxy.endpoint(), dynamodb_request("Query"));
  const auto took = std::chrono::steady_clock::now() - started;

  ASSERT_TRUE(answer) << answer.error();
  EXPECT_EQ(answer->status, 200);
  EXPECT_GE(took, 150ms);
  EXPECT_EQ(upstream.count(), 1u);
  EXPECT_EQ(proxy.stats().total.injected_of(fault_kind::delay), 1u);
}

std::vector<std::string> write_units(const json::object& request_items) {
  std::vector<std::string> out;
  for (const auto& [table, writes] : request_items) {
    for (const auto& w : writes.as_array()) out.push_back(std::string(table) + "|" + json::serialize(w));
  }
  return out;
}

TEST(fault_proxy, a_partial_batch_forwards_a_part_and_returns_exactly_the_rest_unprocessed) {
  fake_dynamodb upstream;
  auto proxy = start_proxy(upstream, {{.operation = "BatchWriteItem", .action = fault_action::partial(0.3)}});
  json::object items;
  for (int t = 0; t < 2; ++t) {
    json::array writes;
    for (int i = 0; i < 5; ++i) {
      writes.push_back(json::parse(R"({"PutRequest":{"Item":{"pk":{"S":"t)" + std::to_string(t) + "-" +
                                   std::to_string(i) + R"("}}}})"));
    }
    items["table-" + std::to_string(t)] = std::move(writes);
  }
  const auto original = write_units(items);
  client_harness client;

  auto answer = client.send(proxy.endpoint(),
                            dynamodb_request("BatchWriteItem", json::serialize(json::object{{"RequestItems", items}})));

  ASSERT_TRUE(answer) << answer.error();
  ASSERT_EQ(answer->status, 200);
  EXPECT_EQ(answer->header_value("x-amz-crc32"), crc32_of(answer->body));
  ASSERT_EQ(upstream.count(), 1u);
  const auto forwarded = write_units(json::parse(upstream.received()[0].body).at("RequestItems").as_object());
  const auto unprocessed = write_units(json::parse(answer->body).at("UnprocessedItems").as_object());
  EXPECT_EQ(forwarded.size(), 3u);
  EXPECT_EQ(unprocessed.size(), 7u);
  auto joined = forwarded;
  joined.insert(joined.end(), unprocessed.begin(), unprocessed.end());
  EXPECT_EQ(joined, original);
  const auto stats = proxy.stats();
  EXPECT_EQ(stats.total.injected_of(fault_kind::partial_batch), 1u);
  EXPECT_EQ(stats.total.held_back, 7u);
}

TEST(fault_proxy, a_partial_batch_rule_forwards_a_batch_of_one_whole) {
  // DynamoDB answers a batch only when it processed part of it: one write has no part.
  fake_dynamodb upstream;
  auto proxy = start_proxy(upstream, {{.operation = "BatchWriteItem", .action = fault_action::partial(0.5)}});
  const std::string body = R"({"RequestItems":{"t":[{"PutRequest":{"Item":{"pk":{"S":"only"}}}}]}})";
  client_harness client;

  auto answer = client.send(proxy.endpoint(), dynamodb_request("BatchWriteItem", body));

  ASSERT_TRUE(answer) << answer.error();
  EXPECT_EQ(answer->status, 200);
  ASSERT_EQ(upstream.count(), 1u);
  EXPECT_EQ(upstream.received()[0].body, body);
  EXPECT_EQ(proxy.stats().total.injected_of(fault_kind::partial_batch), 0u);
  EXPECT_EQ(proxy.stats().total.held_back, 0u);
}

TEST(fault_proxy, queued_actions_are_applied_in_order) {
  fake_dynamodb upstream;
  auto proxy = start_proxy(upstream);
  proxy.enqueue(fault_action::of(fault_kind::throttle));
  proxy.enqueue(std::nullopt);
  proxy.enqueue(fault_action::of(fault_kind::internal_error));
  client_harness client;

  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) {
    auto answer = client.send(proxy.endpoint(), dynamodb_request("PutItem"));
    ASSERT_TRUE(answer) << answer.error();
    statuses.push_back(answer->status);
  }
  EXPECT_EQ(statuses, (std::vector<int>{400, 200, 500, 200}));
  EXPECT_EQ(proxy.queued(), 0u);
  EXPECT_EQ(upstream.count(), 2u);
}

std::vector<int> statuses_with_seed(const fake_dynamodb& upstream, std::uint64_t seed, int n) {
  auto proxy = start_proxy(upstream,
                           {{.action = fault_action::of(fault_kind::throttle), .probability = 0.3},
                            {.action = fault_action::of(fault_kind::service_unavailable), .probability = 0.1}},
                           seed);
  client_harness client;
  std::vector<int> statuses;
  for (int i = 0; i < n; ++i) {
    auto answer = client.send(proxy.endpoint(), dynamodb_request("PutItem"));
    statuses.push_back(answer ? answer->status : -1);
  }
  const auto stats = proxy.stats();
  EXPECT_EQ(stats.total.injected_of(fault_kind::throttle), static_cast<std::uint64_t>(std::ranges::count(statuses, 400)));
  EXPECT_EQ(stats.total.injected_of(fault_kind::service_unavailable),
            static_cast<std::uint64_t>(std::ranges::count(statuses, 503)));
  EXPECT_EQ(stats.total.forwarded, static_cast<std::uint64_t>(std::ranges::count(statuses, 200)));
  return statuses;
}

TEST(fault_proxy, the_same_seed_gives_the_same_faults_in_the_same_order) {
  fake_dynamodb upstream;
  const auto first = statuses_with_seed(upstream, 99, 60);
  const auto second = statuses_with_seed(upstream, 99, 60);
  const auto other = statuses_with_seed(upstream, 100, 60);
  EXPECT_EQ(first, second);
  EXPECT_NE(first, other);
  EXPECT_GT(std::ranges::count(first, 400), 0);
  EXPECT_GT(std::ranges::count(first, 200), 0);
}

TEST(fault_proxy, serves_many_keep_alive_clients_at_once_and_counts_exactly) {
  fake_dynamodb upstream;
  auto proxy = start_proxy(upstream, {{.operation = "PutItem", .action = fault_action::of(fault_kind::throttle),
                                       .probability = 0.3}},
                           7);
  constexpr int clients = 8;
  constexpr int per_client = 200;
  std::vector<std::array<int, 3>> outcomes(clients);  // 200s, 400s, anything else
  std::vector<std::size_t> connections(clients);
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      client_harness client;
      for (int i = 0; i < per_client; ++i) {
        auto answer = client.send(proxy.endpoint(), dynamodb_request(i % 2 == 0 ? "PutItem" : "GetItem"));
        ++outcomes[c][!answer ? 2 : answer->status == 200 ? 0 : answer->status == 400 ? 1 : 2];
      }
      connections[c] = client.client->stats().connections_opened;
    });
  }
  for (auto& t : threads) t.join();

  std::uint64_t ok = 0, throttled = 0, other = 0;
  for (const auto& o : outcomes) {
    ok += o[0];
    throttled += o[1];
    other += o[2];
  }
  EXPECT_EQ(other, 0u);
  EXPECT_EQ(ok + throttled, static_cast<std::uint64_t>(clients * per_client));
  EXPECT_GT(throttled, 0u);
  for (auto n : connections) EXPECT_EQ(n, 1u);  // keep-alive: one connection per client
  const auto stats = proxy.stats();
  EXPECT_EQ(stats.total.requests, static_cast<std::uint64_t>(clients * per_client));
  EXPECT_EQ(stats.total.injected_of(fault_kind::throttle), throttled);
  EXPECT_EQ(stats.total.injected_total(), throttled);
  EXPECT_EQ(stats.total.forwarded, ok);
  EXPECT_EQ(upstream.count(), ok);
  EXPECT_EQ(stats.by_operation.at("GetItem").injected_total(), 0u);
  EXPECT_EQ(stats.by_operation.at("PutItem").requests, static_cast<std::uint64_t>(clients * per_client / 2));
  EXPECT_LE(upstream.connections(), static_cast<std::size_t>(clients));
}

TEST(fault_proxy, reset_stats_sets_every_counter_to_zero) {
  fake_dynamodb upstream;
  auto proxy = start_proxy(upstream, {{.action = fault_action::of(fault_kind::throttle), .on_matches = {1}}});
  client_harness client;
  ASSERT_TRUE(client.send(proxy.endpoint(), dynamodb_request("PutItem")));
  ASSERT_TRUE(client.send(proxy.endpoint(), dynamodb_request("PutItem")));
  ASSERT_EQ(proxy.stats().total.requests, 2u);

  proxy.reset_stats();

  const auto stats = proxy.stats();
  EXPECT_EQ(stats.total, fault_counts{});
  EXPECT_TRUE(stats.by_operation.empty());
}

TEST(fault_proxy, runs_on_a_callers_multi_threaded_executor) {
  fake_dynamodb upstream;
  boost::asio::io_context context;
  auto work = boost::asio::make_work_guard(context);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) threads.emplace_back([&] { context.run(); });
  {
    auto proxy = fault_proxy::start(context.get_executor(),
                                    {.upstream = upstream.url(),
                                     .rules = {{.action = fault_action::of(fault_kind::throttling), .on_matches = {2}}}});
    ASSERT_TRUE(proxy) << proxy.error();
    client_harness client;
    std::vector<int> statuses;
    for (int i = 0; i < 3; ++i) {
      auto answer = client.send(proxy->endpoint(), dynamodb_request("PutItem"));
      statuses.push_back(answer ? answer->status : -1);
    }
    EXPECT_EQ(statuses, (std::vector<int>{200, 400, 200}));
  }  // the proxy goes first; its connections wind down on the running context
  work.reset();
  for (auto& t : threads) t.join();  // returns only once nothing of the proxy is left
}

TEST(fault_proxy, stop_closes_client_connections_and_stops_accepting) {
  fake_dynamodb upstream;
  auto proxy = start_proxy(upstream);
  client_harness client;
  ASSERT_TRUE(client.send(proxy.endpoint(), dynamodb_request("GetItem")));

  proxy.stop();
  auto answer = client.send(proxy.endpoint(), dynamodb_request("GetItem"));

  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code(), error_code::network);
  EXPECT_EQ(upstream.count(), 1u);
}

TEST(fault_proxy, refuses_a_bad_upstream_and_a_taken_port) {
  auto bad = fault_proxy::start({.upstream = "not a url"});
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().is_validation());

  fake_dynamodb upstream;
  auto first = start_proxy(upstream);
  auto second = fault_proxy::start({.upstream = upstream.url(), .port = first.port()});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code(), error_code::network);
}

TEST(fault_proxy, can_be_moved_while_serving) {
  fake_dynamodb upstream;
  auto proxy = start_proxy(upstream);
  client_harness client;
  ASSERT_TRUE(client.send(proxy.endpoint(), dynamodb_request("GetItem")));
  fault_proxy moved = std::move(proxy);
  auto answer = client.send(moved.endpoint(), dynamodb_request("GetItem"));
  ASSERT_TRUE(answer) << answer.error();
  EXPECT_EQ(moved.stats().total.requests, 2u);
}

}  // namespace
}  // namespace ddbkit::testkit

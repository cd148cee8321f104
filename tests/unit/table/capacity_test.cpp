// Capacity monitor, capacity budget and hot-key detection through a real client over the
// scripted transport, with a fake steady clock and a sleeper that only records its waits.
#include <ddbkit/table/capacity_monitor.hpp>
#include <ddbkit/table/hot_keys.hpp>
#include <ddbkit/table/table.hpp>
#include <ddbkit/testkit/scripted_transport.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/describe/class.hpp>
#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <thread>

namespace ddbkit {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using clock_time = std::chrono::steady_clock::time_point;

struct event {
  std::string user;
  std::int64_t at = 0;
};
BOOST_DESCRIBE_STRUCT(event, (), (user, at))

constexpr std::string_view throttle_type = "ProvisionedThroughputExceededException";

/// A client on the scripted transport whose executor runs on a thread of its own, so the
/// test makes blocking calls.
class observed_client : public ::testing::Test {
 protected:
  observed_client()
      : guard(asio::make_work_guard(io)),
        transport(std::make_shared<testkit::scripted_transport>(io.get_executor())),
        runner([this] { io.run(); }) {}
  ~observed_client() override {
    ddb.reset();
    guard.reset();
    io.stop();
    runner.join();
  }

  client& make(const std::function<void(client_options&)>& adjust) {
    auto options = client_options::local(8000);
    options.steady_clock = [this] { return now.load(); };
    options.random = [] { return 0.0; };  // no backoff: retries follow at once
    options.sleeper = [this](std::chrono::milliseconds delay, std::function<void()> done) {
      slept.push_back(delay);
      now = now.load() + delay;  // time passes only as the client waits
      done();
    };
    adjust(options);
    auto made = client::create(io.get_executor(), std::move(options), transport);
    EXPECT_TRUE(made) << made.error();
    ddb.emplace(std::move(*made));
    return *ddb;
  }
  std::string sent_field(std::size_t request, std::string_view field) const {
    auto body = boost::json::parse(transport->requests().at(request).request.body);
    const auto* value = body.as_object().if_contains(field);
    return value == nullptr ? std::string() : std::string(value->as_string());
  }
  static std::string consumed(std::string_view table, double units) {
    return R"({"ConsumedCapacity":{"TableName":")" + std::string(table) + R"(","CapacityUnits":)" + std::to_string(units) + "}}";
  }

  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> guard;
  std::shared_ptr<testkit::scripted_transport> transport;
  std::thread runner;
  std::optional<client> ddb;
  std::atomic<clock_time> now{clock_time{} + 1000s};
  std::vector<std::chrono::milliseconds> slept;
};

// ---- capacity monitor ----

TEST_F(observed_client, a_monitor_asks_for_indexes_and_counts_tables_indexes_and_throttles) {
  auto monitor = std::make_shared<capacity_monitor>(capacity_monitor_options{.clock = [this] { return now.load(); }});
  make([&](client_options& o) { o.observers.push_back(monitor); });
  transport->respond(200, R"({"ConsumedCapacity":{"TableName":"orders","CapacityUnits":3.0,
      "Table":{"CapacityUnits":1.0},"GlobalSecondaryIndexes":{"by_user":{"CapacityUnits":2.0}}}})");
  transport->respond_error(400, throttle_type, "slow down");
  transport->respond(200, consumed("orders", 0.5));
  transport->respond(200, "{}");

  ASSERT_TRUE(ddb->put_item({.table_name = "orders", .item = {{"pk", "a"}}}));
  ASSERT_TRUE(ddb->get_item({.table_name = "orders", .key = {{"pk", "a"}}}));
  ASSERT_TRUE(ddb->get_item({.table_name = "orders", .key = {{"pk", "a"}}, .return_consumed_capacity = return_consumed_capacity::none}));

  EXPECT_EQ(sent_field(0, "ReturnConsumedCapacity"), "INDEXES");
  EXPECT_EQ(sent_field(2, "ReturnConsumedCapacity"), "INDEXES") << "the retry too";
  EXPECT_EQ(sent_field(3, "ReturnConsumedCapacity"), "NONE") << "the caller's own choice stays";

  const auto table = monitor->stats("orders");
  EXPECT_DOUBLE_EQ(table.write_units, 1.0) << "the table's share, not the request's 3";
  EXPECT_DOUBLE_EQ(table.read_units, 0.5);
  EXPECT_EQ(table.requests, 4) << "put, throttled get, get, get without capacity";
  EXPECT_EQ(table.throttles, 1);
  EXPECT_DOUBLE_EQ(monitor->throttle_rate("orders"), 0.25);
  EXPECT_TRUE(monitor->should_backoff("orders"));
  const auto index = monitor->stats("orders", "by_user");
  EXPECT_DOUBLE_EQ(index.write_units, 2.0);
  EXPECT_EQ(index.requests, 1);
  EXPECT_FALSE(monitor->should_backoff("orders", "by_user"));
}

TEST(capacity_monitor, a_sliding_window_with_a_fake_clock) {
  clock_time t = clock_time{} + 500s;
  capacity_monitor monitor({.window = 60s, .slices = 60, .throttle_threshold = 0.1, .clock = [&] { return t; }});
  const consumed_capacity two{.table_name = "orders", .capacity_units = 2.0};
  const call_info get{.call_id = 1, .operation = "GetItem", .table = "orders", .index = {}, .partition_key = {}};
  const call_info put{.call_id = 2, .operation = "PutItem", .table = "orders", .index = {}, .partition_key = {}};
  attempt_info ok;
  ok.consumed_capacity = std::span<const consumed_capacity>(&two, 1);
  attempt_info throttled;
  throttled.error = error(error_code::throttled, "slow down");

  for (int i = 0; i < 7; ++i) monitor.on_attempt(get, ok);
  for (int i = 0; i < 3; ++i) monitor.on_attempt(put, throttled);
  t += 30s;
  monitor.on_attempt(put, ok);
  auto s = monitor.stats("orders");
  EXPECT_DOUBLE_EQ(s.read_units, 14.0);
  EXPECT_DOUBLE_EQ(s.write_units, 2.0);
  EXPECT_EQ(s.requests, 11);
  EXPECT_EQ(s.throttles, 3);
  EXPECT_DOUBLE_EQ(s.span.count(), 30.0) << "the first request was 30 s ago";
  EXPECT_DOUBLE_EQ(s.read_units_per_second(), 14.0 / 30);
  EXPECT_DOUBLE_EQ(s.average_consumed().first, 14.0 / 11);
  EXPECT_TRUE(monitor.should_backoff("orders")) << "3 of 11 throttled";

  t += 31s;  // the first ten have left the window, the put at +30 s has not
  s = monitor.stats("orders");
  EXPECT_EQ(s.requests, 1);
  EXPECT_DOUBLE_EQ(s.write_units, 2.0);
  EXPECT_DOUBLE_EQ(s.span.count(), 60.0);
  EXPECT_FALSE(monitor.should_backoff("orders"));
  t += 60s;
  EXPECT_EQ(monitor.stats("orders").requests, 0);
  EXPECT_EQ(monitor.stats("unknown").requests, 0);
  EXPECT_EQ(monitor.watched(), (std::vector<std::pair<std::string, std::string>>{{"orders", ""}}));
}

// ---- capacity budget ----

TEST_F(observed_client, a_budget_paces_a_table_before_sending_and_leaves_others_alone) {
  auto budget = std::make_shared<retry::capacity_budget>(retry::capacity_budget_options{
      .tables = {{"orders", {.read_units_per_second = 0, .write_units_per_second = 10}}}, .burst_seconds = 1});
  make([&](client_options& o) { o.capacity_budget = budget; });
  for (int i = 0; i < 3; ++i) transport->respond(200, consumed("orders", 8));
  transport->respond(200, consumed("other", 50));
  transport->respond(200, consumed("other", 50));

  for (int i = 0; i < 3; ++i) ASSERT_TRUE(ddb->put_item({.table_name = "orders", .item = {{"pk", "a"}}}));
  // 10 in the bucket: the first put leaves 2, the second 6 in debt, the third waits 0.6 s.
  EXPECT_EQ(slept, (std::vector<std::chrono::milliseconds>{600ms}));
  EXPECT_EQ(sent_field(0, "ReturnConsumedCapacity"), "INDEXES") << "a budget needs to know what was consumed";
  ASSERT_TRUE(ddb->put_item({.table_name = "other", .item = {{"pk", "a"}}}));
  ASSERT_TRUE(ddb->put_item({.table_name = "other", .item = {{"pk", "a"}}}));
  EXPECT_EQ(slept.size(), 1u) << "a table without a budget never waits";
  EXPECT_LT(budget->balance("orders", retry::capacity_kind::write, now.load()), 0) << "the third put's 8 units";
}

TEST_F(observed_client, a_budget_wait_past_the_call_timeout_is_a_timeout_and_nothing_is_sent) {
  auto budget = std::make_shared<retry::capacity_budget>(retry::capacity_budget_options{
      .tables = {{"orders", {.read_units_per_second = 1, .write_units_per_second = 0}}}, .burst_seconds = 1});
  make([&](client_options& o) { o.capacity_budget = budget; });
  transport->respond(200, consumed("orders", 30));
  ASSERT_TRUE(ddb->get_item({.table_name = "orders", .key = {{"pk", "a"}}}));
  call_options quick;
  quick.timeout = 1s;
  auto refused = ddb->get_item({.table_name = "orders", .key = {{"pk", "a"}}}, quick);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), error_code::timeout);
  EXPECT_EQ(transport->requests().size(), 1u);
}

// ---- hot keys ----

TEST(space_saving, finds_the_heavy_keys_in_fixed_memory) {
  space_saving sketch(8);
  for (int i = 0; i < 100'000; ++i) sketch.add("k" + std::to_string(i));
  for (int i = 0; i < 5'000; ++i) sketch.add("hot", 1);
  EXPECT_LE(sketch.size(), 8u) << "memory does not grow with the keys";
  EXPECT_DOUBLE_EQ(sketch.total(), 105'000);
  auto top = sketch.top(1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].key, "hot");
  EXPECT_GE(top[0].count, 5'000) << "an upper bound";
  EXPECT_LE(top[0].count - top[0].error, 5'000) << "count - error a lower bound";
  EXPECT_FALSE(sketch.find("k3"));
}

/// Keys drawn from a Zipf distribution (exponent 1.2) over `keys` keys, seeded.
std::vector<std::string> zipf_workload(int keys, int draws) {
  std::vector<double> cdf;
  double sum = 0;
  for (int k = 1; k <= keys; ++k) cdf.push_back(sum += 1.0 / std::pow(k, 1.2));
  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> uniform(0, sum);
  std::vector<std::string> out;
  for (int i = 0; i < draws; ++i) {
    const auto rank = std::ranges::lower_bound(cdf, uniform(random)) - cdf.begin();
    out.push_back("user-" + std::to_string(rank));
  }
  return out;
}

TEST_F(observed_client, hot_keys_of_a_zipf_workload_are_the_true_top_keys) {
  auto detector = std::make_shared<hot_key_detector>(
      hot_key_options{.tracked_keys = 64, .target_utilization = 0.8, .clock = [this] { return now.load(); }});
  make([&](client_options& o) { o.observers.push_back(detector); });
  table<event> events(*ddb, "events", {.keys = {.partition = "user", .sort = "at"}, .indexes = {}});

  const auto workload = zipf_workload(1000, 4000);
  std::map<std::string, int> truth;
  std::map<std::string, int> throttles;
  for (std::size_t i = 0; i < workload.size(); ++i) {
    ++truth[workload[i]];
    if (workload[i] == "user-0" && i % 10 == 0) {  // the hottest key is also throttled now and then
      transport->respond_error(400, throttle_type, "slow down");
      ++throttles[workload[i]];
    }
    transport->respond(200, consumed("events", 1));
  }
  for (std::size_t i = 0; i < workload.size(); ++i) {
    ASSERT_TRUE(events.put({.user = workload[i], .at = static_cast<std::int64_t>(i)}));
  }

  std::vector<std::pair<int, std::string>> ranked;
  for (const auto& [key, n] : truth) ranked.emplace_back(-n, key);
  std::ranges::sort(ranked);
  auto found = detector->hot_keys("events", 5, hot_key_measure::writes);
  ASSERT_EQ(found.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(found[i].key, ranked[i].second) << "rank " << i;
    EXPECT_GE(found[i].value, -ranked[i].first);
    EXPECT_LE(found[i].value - found[i].error, -ranked[i].first);
  }
  EXPECT_EQ(detector->hot_keys("events", 5)[0].key, "user-0") << "by capacity";
  EXPECT_TRUE(detector->hot_keys("events", 5, hot_key_measure::reads).empty());
  auto throttled = detector->hot_keys("events", 3, hot_key_measure::throttles);
  ASSERT_EQ(throttled.size(), 1u);
  EXPECT_EQ(throttled[0].key, "user-0");
  EXPECT_DOUBLE_EQ(throttled[0].value, throttles["user-0"]);
  EXPECT_LE(detector->tracked("events"), 4u * 64) << "fixed memory: 1000 keys seen, 64 per measure kept";

  // All of it in one second: user-0's writes at that rate need ceil(rate / 800) shards.
  now = now.load() + 1s;
  const int hottest = -ranked[0].first;
  EXPECT_DOUBLE_EQ(detector->write_units_per_second("events", "user-0"), hottest);
  EXPECT_EQ(detector->suggested_shards("events", "user-0"), static_cast<int>(std::ceil(hottest / 800.0)));
  EXPECT_EQ(detector->suggested_shards("events", "user-999"), 1);
  detector->reset();
  EXPECT_EQ(detector->tracked("events"), 0u);
}

TEST(hot_key_detector, calls_without_a_key_or_with_other_failures_are_not_counted) {
  hot_key_detector detector;
  attempt_info ok;
  attempt_info failed;
  failed.error = error(error_code::validation, "bad");
  detector.on_attempt({.call_id = 1, .operation = "Query", .table = "t", .index = {}, .partition_key = {}}, ok);
  detector.on_attempt({.call_id = 2, .operation = "PutItem", .table = "t", .index = {}, .partition_key = "k"}, failed);
  EXPECT_EQ(detector.tracked("t"), 0u);
  detector.on_attempt({.call_id = 3, .operation = "PutItem", .table = "t", .index = {}, .partition_key = "k"}, ok);
  auto top = detector.hot_keys("t", 1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_DOUBLE_EQ(top[0].value, 1.0) << "no capacity reported: the request counts one";
}

}  // namespace
}  // namespace ddbkit

// Prometheus metrics with real traffic and a real scrape: a known workload against DynamoDB
// Local (and through the fault proxy for throttles and partial batches), then an HTTP GET of /metrics from
// the exposer, whose counts and capacity totals must be exactly the workload's.
#include "integration/proxied_fixture.hpp"

#include <ddbkit/observe/prometheus.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <cmath>
#include <map>
#include <sstream>

namespace ddbkit::testing {
namespace {

namespace asio = boost::asio;
using labels = std::map<std::string, std::string>;

/// The body of GET http://127.0.0.1:port/metrics (HTTP/1.0: the server closes when done).
std::string scrape(int port) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
  const std::string request = "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  asio::write(socket, asio::buffer(request));
  std::string response;
  boost::system::error_code ec;
  asio::read(socket, asio::dynamic_buffer(response), ec);  // to EOF
  const auto body = response.find("\r\n\r\n");
  EXPECT_NE(response.find(" 200 "), std::string::npos) << response.substr(0, 200);
  return body == std::string::npos ? std::string() : response.substr(body + 4);
}

/// The value of the sample `name{labels}` in Prometheus text; NaN when there is none.
double sample(const std::string& text, std::string_view name, const labels& want) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto open = line.find('{');
    const auto space = line.rfind(' ');
    if (open == std::string::npos || line.substr(0, open) != name) continue;
    const auto close = line.find('}', open);
    labels got;
    std::string_view rest(line.data() + open + 1, close - open - 1);
    while (!rest.empty()) {
      const auto eq = rest.find("=\"");
      const auto end = rest.find('"', eq + 2);
      got[std::string(rest.substr(0, eq))] = std::string(rest.substr(eq + 2, end - eq - 2));
      rest.remove_prefix(std::min(rest.size(), end + 2));  // past the quote and the comma
    }
    if (got == want) return std::stod(line.substr(space + 1));
  }
  return std::nan("");
}

class prometheus_metrics : public proxied_table_test {
 protected:
  void SetUp() override {
    proxied_table_test::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    name = make_table();
  }
  client observed_client(const std::string& endpoint, const std::shared_ptr<metrics::prometheus_observer>& metrics) {
    auto options = local_options(endpoint);
    options.retry.base_delay = std::chrono::milliseconds(1);
    options.retry.max_delay = std::chrono::milliseconds(5);
    options.observers.push_back(metrics);
    auto made = client::create(std::move(options));
    EXPECT_TRUE(made) << made.error();
    return std::move(*made);
  }
  /// One that asks every request for its consumed capacity, as the capacity counts need.
  static std::shared_ptr<metrics::prometheus_observer> asking_observer() {
    return std::make_shared<metrics::prometheus_observer>(nullptr,
                                                          metrics::prometheus_options{.ask_consumed_capacity = true});
  }
  item row(int i) const { return {{"pk", "p"}, {"sk", number(i)}, {"v", "small"}}; }
  std::string name;
};

TEST_F(prometheus_metrics, a_scrape_after_a_known_workload_has_exactly_its_counts_and_capacity) {
  auto metrics = asking_observer();
  auto exposer = metrics::metrics_exposer::start("127.0.0.1:0", metrics->registry());
  ASSERT_TRUE(exposer) << exposer.error();
  ASSERT_GT((*exposer)->port(), 0);
  auto c = observed_client(*local_endpoint(), metrics);

  for (int i = 0; i < 10; ++i) ASSERT_TRUE(c.put_item({.table_name = name, .item = row(i)}));
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(c.get_item({.table_name = name, .key = {{"pk", "p"}, {"sk", number(i)}}}));  // eventually consistent: 0.5 RCU
  }
  auto refused = c.put_item({.table_name = name, .item = row(0), .condition_expression = "attribute_not_exists(pk)"});
  ASSERT_FALSE(refused);

  const std::string text = scrape((*exposer)->port());
  ASSERT_FALSE(text.empty());
  auto put = [&](labels more = {}) {
    more.emplace("table", name);
    more.emplace("operation", "PutItem");
    return more;
  };
  EXPECT_EQ(sample(text, "dynamodb_operations_total", put({{"status", "success"}})), 10);
  EXPECT_EQ(sample(text, "dynamodb_operations_total", put({{"status", "conditional_check_failed"}})), 1);
  EXPECT_EQ(sample(text, "dynamodb_attempts_total", put()), 11);
  EXPECT_EQ(sample(text, "dynamodb_operation_duration_seconds_count", put()), 11);
  EXPECT_EQ(sample(text, "dynamodb_consumed_wcu_total", put()), 10) << "1 WCU per small put";
  EXPECT_EQ(sample(text, "dynamodb_consumed_rcu_total", {{"table", name}, {"operation", "GetItem"}}), 2.0)
      << "4 eventually consistent reads of 0.5 RCU: fractions are counted exactly";
  EXPECT_EQ(sample(text, "dynamodb_operations_total", {{"table", name}, {"operation", "GetItem"}, {"status", "success"}}), 4);
  EXPECT_EQ(sample(text, "dynamodb_conditional_check_failures_total", {{"table", name}}), 1);
  EXPECT_EQ(sample(text, "dynamodb_errors_total", {{"code", "conditional_check_failed"}}), 1);
  EXPECT_TRUE(std::isnan(sample(text, "dynamodb_throttles_total", put()))) << "nothing was throttled";
  EXPECT_EQ(sample(metrics->text(), "dynamodb_consumed_wcu_total", put()), 10) << "the text format without a server";
}

TEST_F(prometheus_metrics, throttles_and_retries_through_the_fault_proxy_are_counted) {
  auto metrics = asking_observer();
  auto exposer = metrics::metrics_exposer::start("127.0.0.1:0", metrics->registry());
  ASSERT_TRUE(exposer) << exposer.error();
  auto c = observed_client(proxy->endpoint(), metrics);
  proxy->enqueue(testkit::fault_action::of(testkit::fault_kind::throttle), "PutItem");
  proxy->enqueue(testkit::fault_action::of(testkit::fault_kind::throttle), "PutItem");
  ASSERT_TRUE(c.put_item({.table_name = name, .item = row(1)}));

  const std::string text = scrape((*exposer)->port());
  const labels put{{"table", name}, {"operation", "PutItem"}};
  EXPECT_EQ(sample(text, "dynamodb_attempts_total", put), 3);
  EXPECT_EQ(sample(text, "dynamodb_throttles_total", put), 2);
  EXPECT_EQ(sample(text, "dynamodb_retries_total", {{"table", name}, {"operation", "PutItem"}, {"reason", "throttle"}}), 2);
  EXPECT_EQ(sample(text, "dynamodb_operations_total", {{"table", name}, {"operation", "PutItem"}, {"status", "success"}}), 1);
  EXPECT_EQ(sample(text, "dynamodb_consumed_wcu_total", put), 1) << "only the request that was applied consumed";
}

TEST_F(prometheus_metrics, partial_batches_and_http_connections_through_the_fault_proxy_are_counted) {
  auto metrics = asking_observer();
  auto exposer = metrics::metrics_exposer::start("127.0.0.1:0", metrics->registry());
  ASSERT_TRUE(exposer) << exposer.error();
  auto c = observed_client(proxy->endpoint(), metrics);
  proxy->enqueue(testkit::fault_action::partial(0.4), "BatchWriteItem");
  proxy->enqueue(testkit::fault_action::partial(0.5), "BatchGetItem");
  batch_write_item_input write;
  batch_get_item_input read;
  for (int i = 0; i < 10; ++i) write.request_items[name].push_back(write_request::put(row(i)));
  for (int i = 0; i < 6; ++i) read.request_items[name].keys.push_back({{"pk", "p"}, {"sk", number(i)}});
  auto written = c.batch_write_item(write);
  ASSERT_TRUE(written) << written.error();
  ASSERT_EQ(written->unprocessed_items[name].size(), 6u);
  auto got = c.batch_get_item(read);
  ASSERT_TRUE(got) << got.error();
  ASSERT_EQ(got->unprocessed_keys[name].keys.size(), 3u);

  const std::string text = scrape((*exposer)->port());
  EXPECT_EQ(sample(text, "dynamodb_batch_unprocessed_total", {{"table", name}, {"operation", "BatchWriteItem"}}), 6);
  EXPECT_EQ(sample(text, "dynamodb_batch_unprocessed_total", {{"table", name}, {"operation", "BatchGetItem"}}), 3);
  EXPECT_EQ(sample(text, "dynamodb_consumed_wcu_total", {{"table", name}, {"operation", "BatchWriteItem"}}), 4)
      << "only the 4 forwarded writes consumed";

  // Two sequential requests: one connection opened, then reused; idle between and after.
  const auto url = http::endpoint::parse(proxy->endpoint())->url();
  auto event = [&](const char* e) {
    return sample(text, "dynamodb_http_connection_events_total", {{"endpoint", url}, {"event", e}});
  };
  EXPECT_EQ(event("opened"), 1);
  EXPECT_EQ(event("reused"), 1);
  EXPECT_EQ(event("released"), 2);
  EXPECT_EQ(sample(text, "dynamodb_http_connections", {{"endpoint", url}, {"state", "idle"}}), 1);
  EXPECT_EQ(sample(text, "dynamodb_http_connections", {{"endpoint", url}, {"state", "busy"}}), 0);
}

TEST_F(prometheus_metrics, by_default_only_the_capacity_that_calls_ask_for_is_counted) {
  auto metrics = std::make_shared<metrics::prometheus_observer>();
  auto c = observed_client(*local_endpoint(), metrics);
  ASSERT_TRUE(c.put_item({.table_name = name, .item = row(1)}));
  ASSERT_TRUE(c.put_item({.table_name = name, .item = row(2)}));
  ASSERT_TRUE(
      c.put_item({.table_name = name, .item = row(3), .return_consumed_capacity = return_consumed_capacity::total}));
  auto got = c.get_item({.table_name = name, .key = {{"pk", "p"}, {"sk", number(1)}}});
  ASSERT_TRUE(got) << got.error();
  EXPECT_FALSE(got->consumed_capacity) << "the observer did not make the request ask";

  const std::string text = metrics->text();
  const labels put_ok{{"table", name}, {"operation", "PutItem"}, {"status", "success"}};
  EXPECT_EQ(sample(text, "dynamodb_operations_total", put_ok), 3);
  EXPECT_EQ(sample(text, "dynamodb_consumed_wcu_total", {{"table", name}, {"operation", "PutItem"}}), 1)
      << "only the put that asked";
  EXPECT_TRUE(std::isnan(sample(text, "dynamodb_consumed_rcu_total", {{"table", name}, {"operation", "GetItem"}})));
}

TEST(metrics_exposer, an_address_in_use_is_a_network_error) {
  auto metrics = std::make_shared<metrics::prometheus_observer>();
  auto first = metrics::metrics_exposer::start("127.0.0.1:0", metrics->registry());
  ASSERT_TRUE(first) << first.error();
  auto second = metrics::metrics_exposer::start("127.0.0.1:" + std::to_string((*first)->port()), metrics->registry());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code(), error_code::network);
}

}  // namespace
}  // namespace ddbkit::testing

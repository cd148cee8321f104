// Metrics: a Prometheus observer counts every call, request, retry and capacity unit, and an
// exposer serves them at /metrics while the program works.
#include "example_table.hpp"

#include <ddbkit/observe/prometheus.hpp>

#include <iostream>
#include <sstream>
#include <string>

int main() {
  using namespace ddbkit;
  const std::string name = "example-metrics";
  // Every request asks for its consumed capacity, so that the capacity counters see all calls.
  auto metrics = std::make_shared<metrics::prometheus_observer>(
      nullptr, metrics::prometheus_options{.ask_consumed_capacity = true});
  // Port 0: any free port (a real service would use a fixed one, e.g. 127.0.0.1:9464).
  auto exposer = metrics::metrics_exposer::start("127.0.0.1:0", metrics->registry());
  if (!exposer) { std::cerr << exposer.error() << "\n"; return 1; }
  std::cout << "serving http://127.0.0.1:" << (*exposer)->port() << "/metrics\n";

  auto ddb = example_client_with_table(name, scalar_attribute_type::n,
                                       [&](client_options& o) { o.observers.push_back(metrics); });
  if (!ddb) return 1;
  for (int i = 0; i < 20; ++i) {
    if (auto put = ddb->put_item({.table_name = name, .item = {{"pk", "p"}, {"sk", number(i)}}}); !put) {
      std::cerr << put.error() << "\n";
      return 1;
    }
  }
  for (int i = 0; i < 5; ++i) (void)ddb->get_item({.table_name = name, .key = {{"pk", "p"}, {"sk", number(i)}}});
  (void)ddb->put_item({.table_name = name, .item = {{"pk", "p"}, {"sk", number(0)}},
                       .condition_expression = "attribute_not_exists(pk)"});  // refused: counted

  // What a scrape returns now, the DynamoDB families only.
  std::istringstream text(metrics->text());
  bool saw_capacity = false;
  for (std::string line; std::getline(text, line);) {
    if (line.rfind("dynamodb_", 0) != 0 || line.find("_bucket") != std::string::npos) continue;
    std::cout << line << "\n";
    saw_capacity = saw_capacity || line.rfind("dynamodb_consumed_wcu_total", 0) == 0;
  }
  (void)ddb->delete_table({.table_name = name});
  return saw_capacity ? 0 : 1;
}

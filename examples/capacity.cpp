// Capacity: a monitor that watches what each table consumes and how often it is throttled,
// and a client-side budget that keeps a table's writes under 20 units per second.
#include "example_table.hpp"

#include <ddbkit/table/capacity_monitor.hpp>
#include <ddbkit/table/table.hpp>

#include <boost/describe/class.hpp>

#include <chrono>
#include <iostream>
#include <string>

struct reading {
  std::string pk;  // sensor
  std::int64_t sk = 0;  // sequence
  double celsius = 0;
};
BOOST_DESCRIBE_STRUCT(reading, (), (pk, sk, celsius))

int main() {
  using namespace ddbkit;
  const std::string name = "example-capacity";
  auto monitor = std::make_shared<capacity_monitor>(capacity_monitor_options{.window = std::chrono::seconds(60)});
  auto budget = std::make_shared<retry::capacity_budget>(retry::capacity_budget_options{
      .tables = {{name, {.read_units_per_second = 0, .write_units_per_second = 20}}}, .burst_seconds = 1});
  auto ddb = example_client_with_table(name, scalar_attribute_type::n, [&](client_options& o) {
    o.observers.push_back(monitor);  // requests now ask for ReturnConsumedCapacity INDEXES
    o.capacity_budget = budget;      // paced before sending, for every call of the client
  });
  if (!ddb) return 1;
  auto readings = table<reading>::open(*ddb, name);
  if (!readings) { std::cerr << readings.error() << "\n"; return 1; }

  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t i = 0; i < 60; ++i) {  // about 1 write unit each
    if (auto put = readings->put({.pk = "sensor-1", .sk = i, .celsius = 20.5}); !put) {
      std::cerr << put.error() << "\n";
      return 1;
    }
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;

  const auto stats = monitor->stats(name);
  std::cout << "60 writes took " << took.count() << " s under a 20 WCU/s budget\n"
            << "monitor: " << stats.requests << " requests, " << stats.write_units << " write units ("
            << stats.write_units_per_second() << "/s), throttle rate " << stats.throttle_rate()
            << ", back off: " << monitor->should_backoff(name) << "\n";
  (void)ddb->delete_table({.table_name = name});
  // 60 units at 20/s with a 20-unit burst: at least 2 s.
  return took.count() >= 1.9 && stats.requests == 60 && !monitor->should_backoff(name) ? 0 : 1;
}

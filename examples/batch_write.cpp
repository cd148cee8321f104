// Batch writes that never lose an item: any number of puts and deletes, 25 per request,
// several requests in flight, unprocessed items sent again under one budget per item, and
// a report that holds every item not written. Then a batch read that answers every key.
#include "example_table.hpp"

#include <ddbkit/table/table.hpp>

#include <boost/describe/class.hpp>

#include <iostream>
#include <string>
#include <vector>

struct reading {
  std::string pk;  // sensor
  std::int64_t sk = 0;  // minute
  double celsius = 0;
};
BOOST_DESCRIBE_STRUCT(reading, (), (pk, sk, celsius))

int main() {
  using namespace ddbkit;
  const std::string name = "example-batch-write";
  auto ddb = example_client_with_table(name, scalar_attribute_type::n);
  if (!ddb) return 1;
  table<reading> readings(*ddb, name, {.keys = {.partition = "pk", .sort = "sk"}, .indexes = {}});

  std::vector<reading> day;
  for (int minute = 0; minute < 1440; ++minute) day.push_back({.pk = "sensor#7", .sk = minute, .celsius = 20.0 + minute % 7});

  auto report = readings.put_all(day, {.concurrency = 8});
  if (!report) { std::cerr << report.error() << "\n"; return 1; }  // refused before sending
  std::cout << report->written << " written in " << report->requests << " requests, "
            << report->capacity_units[name] << " WCU\n";
  for (const auto& failed : report->not_written) {
    // Every item not written is here, intact, with the last error it met: keep it, retry it later.
    std::cerr << "not written: " << failed.reason << "\n";
  }

  std::vector<key> wanted{{.partition = "sensor#7", .sort = number(0)},
                          {.partition = "sensor#7", .sort = number(5000)},  // never written
                          {.partition = "sensor#7", .sort = number(1439)}};
  auto got = readings.get_all(wanted, {.consistent_read = true});
  if (!got) { std::cerr << got.error() << "\n"; return 1; }
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    std::cout << "minute " << wanted[i].sort->as_n()->text() << ": "
              << (got->items[i] ? std::to_string(got->items[i]->celsius) : std::string("absent")) << "\n";
  }

  (void)ddb->delete_table({.table_name = name});
  return report->complete() && report->written == 1440 && got->complete() && got->items[0] && !got->items[1] ? 0 : 1;
}

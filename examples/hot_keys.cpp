// Hot keys: a detector that keeps the heaviest partition keys of each table in fixed
// memory, and tells how many shards a hot key would need.
#include "example_table.hpp"

#include <ddbkit/table/hot_keys.hpp>
#include <ddbkit/table/table.hpp>

#include <boost/describe/class.hpp>

#include <iostream>
#include <string>

struct visit {
  std::string pk;  // user
  std::int64_t sk = 0;
};
BOOST_DESCRIBE_STRUCT(visit, (), (pk, sk))

int main() {
  using namespace ddbkit;
  const std::string name = "example-hot-keys";
  auto detector = std::make_shared<hot_key_detector>(hot_key_options{.tracked_keys = 32});
  auto ddb = example_client_with_table(name, scalar_attribute_type::n,
                                       [&](client_options& o) { o.observers.push_back(detector); });
  if (!ddb) return 1;
  auto visits = table<visit>::open(*ddb, name);
  if (!visits) { std::cerr << visits.error() << "\n"; return 1; }

  // A skewed workload: every third write is for "celebrity", the rest spread over 100 users.
  for (std::int64_t i = 0; i < 300; ++i) {
    const std::string user = i % 3 == 0 ? "celebrity" : "user-" + std::to_string(i % 100);
    if (auto put = visits->put({.pk = user, .sk = i}); !put) { std::cerr << put.error() << "\n"; return 1; }
  }

  auto hottest = detector->hot_keys(name, 3, hot_key_measure::writes);
  for (const auto& k : hottest) std::cout << k.key << ": " << k.value << " write units\n";
  std::cout << "celebrity writes " << detector->write_units_per_second(name, "celebrity")
            << " WCU/s; suggested shards: " << detector->suggested_shards(name, "celebrity") << "\n";
  (void)ddb->delete_table({.table_name = name});
  return !hottest.empty() && hottest.front().key == "celebrity" ? 0 : 1;
}

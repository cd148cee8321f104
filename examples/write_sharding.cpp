// Write sharding: one hot logical partition ("clicks") spread over 8 physical ones
// ("clicks#SHARD#0" … "#7"), each item still readable with one GetItem because its shard
// is calculated from its sort key, and all of it read back as one stream in sort key order.
#include "example_table.hpp"

#include <ddbkit/table/sharded.hpp>

#include <boost/describe/class.hpp>

#include <iostream>
#include <string>

struct click {
  std::string pk;  // the logical partition: "clicks"
  std::int64_t sk = 0;  // when
  std::string page;
};
BOOST_DESCRIBE_STRUCT(click, (), (pk, sk, page))

int main() {
  using namespace ddbkit;
  const std::string name = "example-sharding";
  auto ddb = example_client_with_table(name, scalar_attribute_type::n);
  if (!ddb) return 1;
  auto clicks = table<click>::open(*ddb, name);
  if (!clicks) { std::cerr << clicks.error() << "\n"; return 1; }

  sharded_table<click> sharded(*clicks, {.format = {.shard_count = 8, .separator = "#SHARD#"},
                                         .choice = shard_choice::calculated,
                                         .shard_attribute = "sk",  // shard = FNV-1a(sk) mod 8
                                         .concurrency = 4,
                                         .random = {}});
  for (std::int64_t at = 1; at <= 40; ++at) {
    auto shard = sharded.put({.pk = "clicks", .sk = at, .page = "/p" + std::to_string(at % 5)});
    if (!shard) { std::cerr << shard.error() << "\n"; return 1; }
  }

  auto one = sharded.get({"clicks", number(17)}, {.consistent_read = true});  // one GetItem
  if (!one || !*one) { std::cerr << "click 17 not found\n"; return 1; }
  std::cout << "click 17 on " << (*one)->page << " (stored under clicks#SHARD#"
            << *calculated_shard(number(17), 8) << ")\n";

  // Scatter-gather: 8 queries, 4 at a time, merged in sort key order; the limit stops it.
  std::int64_t previous = 0;
  int read = 0;
  for (auto& c : sharded.query("clicks", {.consistent_read = true}, {.limit = 25, .resume = {}, .prefetch = false}).items()) {
    if (!c) { std::cerr << c.error() << "\n"; return 1; }
    if (c->sk <= previous) { std::cerr << "out of order\n"; return 1; }
    previous = c->sk;
    ++read;
  }
  std::cout << "read " << read << " clicks in order, the last at " << previous << "\n";
  (void)ddb->delete_table({.table_name = name});
  return read == 25 && previous == 25 ? 0 : 1;
}

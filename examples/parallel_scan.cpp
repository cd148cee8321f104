// A parallel scan: the table read as 8 segments, 4 at a time, every item handed to one
// callback on this thread. The reading never runs more than a few pages ahead of the
// callback, so a slow consumer keeps memory flat whatever the table's size.
#include "example_options.hpp"
#include "example_table.hpp"

#include <ddbkit/table/table.hpp>

#include <iostream>
#include <string>
#include <vector>

int main() {
  using namespace ddbkit;
  auto options = example_options();
  if (!options) { std::cerr << options.error() << "\n"; return 1; }
  auto ddb = client::create(*options);
  if (!ddb) { std::cerr << ddb.error() << "\n"; return 1; }
  const std::string name = "example-parallel-scan";
  if (auto made = recreate_example_table(*ddb, name); !made) { std::cerr << made.error() << "\n"; return 1; }
  table<item> users(*ddb, name, {.keys = {.partition = "pk", .sort = std::nullopt}, .indexes = {}});

  std::vector<item> all;
  for (int i = 0; i < 2000; ++i) all.push_back({{"pk", "user#" + std::to_string(i)}, {"active", i % 4 != 0}});
  if (auto written = users.put_all(all); !written || !written->complete()) {
    std::cerr << "load failed\n";
    return 1;
  }

  long active = 0;
  auto totals = users.scan_parallel({.filter = expr::path("active") == true, .page_size = 100},
                                    {.total_segments = 8, .concurrency = 4, .buffered_pages = 4},
                                    [&](item&& user) -> result<void> {
                                      if (user.at("active") == attribute_value(true)) ++active;
                                      return {};  // an error returned here would stop the scan
                                    });
  if (!totals) { std::cerr << totals.error() << "\n"; return 1; }
  std::cout << active << " active users; scanned " << totals->scanned_count << " in " << totals->pages << " pages\n";

  (void)ddb->delete_table({.table_name = name});
  return active == 1500 && totals->scanned_count == 2000 ? 0 : 1;
}

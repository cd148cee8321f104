// Pagination: a Query read item by item across pages, a read that stops after n items and
// hands back a cursor token, and a later read resumed from that token: nothing skipped,
// nothing repeated, even though the read stopped in the middle of a page.
#include "example_table.hpp"

#include <ddbkit/table/table.hpp>

#include <iostream>
#include <string>

int main() {
  using namespace ddbkit;
  const std::string name = "example-pagination";
  auto ddb = example_client_with_table(name, scalar_attribute_type::n);
  if (!ddb) return 1;
  table<item> events(*ddb, name, {.keys = {.partition = "pk", .sort = "sk"}, .indexes = {}});
  for (int i = 1; i <= 30; ++i) {
    if (auto put = events.put({{"pk", "stream#1"}, {"sk", i}, {"kind", i % 3 == 0 ? "error" : "info"}}); !put) {
      std::cerr << put.error() << "\n";
      return 1;
    }
  }

  // Every error event, newest first, eight items read per request; the range's elements
  // are result<item>: a failure is the last one.
  query_request errors{.key_condition = expr::key("pk") == "stream#1",
                       .filter = expr::path("kind") == "error",
                       .descending = true,
                       .page_size = 8};
  auto all = events.query(errors);
  int found = 0;
  for (auto& event : all.items()) {
    if (!event) { std::cerr << event.error() << "\n"; return 1; }
    ++found;
  }
  std::cout << found << " errors; read " << all.totals().scanned_count << " items in " << all.totals().pages
            << " pages\n";

  // A page of 7 for a user interface: the token goes to the client and comes back later.
  query_request stream{.key_condition = expr::key("pk") == "stream#1", .page_size = 10};
  std::string token;
  int shown = 0;
  for (;;) {
    read_options page_of_seven{.limit = 7};
    if (!token.empty()) {
      auto resume = cursor::parse(token);  // a `validation` error for a foreign token
      if (!resume) { std::cerr << resume.error() << "\n"; return 1; }
      page_of_seven.resume = *resume;
    }
    auto read = events.query(stream, page_of_seven);
    auto seven = read.collect();
    if (!seven) { std::cerr << seven.error() << "\n"; return 1; }
    shown += static_cast<int>(seven->size());
    auto next = read.position();  // empty once everything was handed out
    if (!next) break;
    token = next->token();
  }
  std::cout << "shown " << shown << " events, 7 at a time\n";

  (void)ddb->delete_table({.table_name = name});
  return found == 10 && shown == 30 ? 0 : 1;
}

// Typed items: a struct described with Boost.Describe is written and read as an item, with
// checked conversions and errors that name the attribute's path.
#include "example_options.hpp"
#include "example_table.hpp"

#include <ddbkit/client.hpp>
#include <ddbkit/value/typed_item.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <chrono>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <vector>

enum class order_state { open, paid, shipped };
BOOST_DESCRIBE_ENUM(order_state, open, paid, shipped)

struct order_line {
  std::string sku;
  std::uint32_t qty = 0;
  double price = 0;
};
BOOST_DESCRIBE_STRUCT(order_line, (), (sku, qty, price))

struct order {
  std::string pk;                                           // S
  order_state state = order_state::open;                    // S: "open", "paid", "shipped"
  std::vector<order_line> lines;                            // L of M
  std::optional<std::string> note;                          // absent when empty
  std::set<std::string> tags;                               // SS, absent when empty
  std::chrono::sys_time<std::chrono::milliseconds> placed;  // N: 1700000000.25
};
BOOST_DESCRIBE_STRUCT(order, (), (pk, state, lines, note, tags, placed))

int main() {
  using namespace ddbkit;
  auto options = example_options();
  if (!options) { std::cerr << options.error() << "\n"; return 1; }
  auto ddb = client::create(*options);
  if (!ddb) { std::cerr << ddb.error() << "\n"; return 1; }

  const std::string table = "example-typed-items";
  if (auto made = recreate_example_table(*ddb, table); !made) { std::cerr << made.error() << "\n"; return 1; }

  order written{.pk = "order#1",
                .state = order_state::paid,
                .lines = {{"pen", 2, 1.25}, {"ink", 1, 7.5}},
                .note = std::nullopt,
                .tags = {"gift"},
                .placed = std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(1700000000250))};
  auto as_item = to_item(written);
  if (!as_item) { std::cerr << as_item.error() << "\n"; return 1; }
  auto put = ddb->put_item({.table_name = table, .item = *as_item});
  auto got = ddb->get_item({.table_name = table, .key = {{"pk", "order#1"}}, .consistent_read = true});
  (void)ddb->delete_table({.table_name = table});
  if (!put) { std::cerr << put.error() << "\n"; return 1; }
  if (!got || !got->item) { std::cerr << "get failed\n"; return 1; }
  std::cout << "stored: " << *got->item << "\n";

  auto read = from_item<order>(*got->item);
  if (!read) { std::cerr << read.error() << "\n"; return 1; }
  std::cout << read->lines.size() << " lines, second qty " << read->lines[1].qty << "\n";

  // A mistyped attribute is an error naming its path, never a silent default.
  item damaged = *got->item;
  damaged.at("lines").as_l()->at(1).as_m()->insert_or_assign("qty", "one");
  auto refused = from_item<order>(damaged);
  if (refused) { std::cerr << "a mistyped qty should be refused\n"; return 1; }
  std::cout << "refused: " << refused.error().message() << "\n";  // lines[1].qty: expected N, got S
  return 0;
}

// Error handling: a create-if-absent put that fails the second time, told apart from
// other errors by a predicate rather than by parsing messages.
#include "example_options.hpp"
#include "example_table.hpp"

#include <ddbkit/client.hpp>

#include <iostream>

int main() {
  using namespace ddbkit;
  auto options = example_options();
  if (!options) { std::cerr << options.error() << "\n"; return 1; }
  auto ddb = client::create(*options);
  if (!ddb) { std::cerr << ddb.error() << "\n"; return 1; }

  const std::string table = "example-conditional-put";
  if (auto made = recreate_example_table(*ddb, table); !made) { std::cerr << made.error() << "\n"; return 1; }

  const put_item_input create_once{
      .table_name = table,
      .item = {{"pk", "username#ada"}, {"owner", "user#1"}},
      .condition_expression = "attribute_not_exists(pk)",
      .return_values_on_condition_check_failure = return_values_on_condition_check_failure::all_old,
  };
  auto first = ddb->put_item(create_once);
  auto second = ddb->put_item(create_once);
  (void)ddb->delete_table({.table_name = table});

  if (!first) { std::cerr << "first put failed: " << first.error() << "\n"; return 1; }
  if (second || !second.error().is_condition_failed()) { std::cerr << "second put should fail\n"; return 1; }
  std::cout << "second put refused: " << second.error() << "\n";
  if (const item* old = second.error().old_item()) std::cout << "the name is taken by: " << *old << "\n";
  return 0;
}

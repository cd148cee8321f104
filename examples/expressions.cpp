// Expressions: a conditional update and a filtered query built from values, never from
// hand-written placeholders; reserved words (`status`, `name`) and nested paths need no care.
#include "example_options.hpp"
#include "example_table.hpp"

#include <ddbkit/client.hpp>
#include <ddbkit/expr.hpp>

#include <iostream>

int main() {
  using namespace ddbkit;
  using namespace ddbkit::expr;
  auto options = example_options();
  if (!options) { std::cerr << options.error() << "\n"; return 1; }
  auto ddb = client::create(*options);
  if (!ddb) { std::cerr << ddb.error() << "\n"; return 1; }

  const std::string table = "example-expressions";
  if (auto made = recreate_example_table(*ddb, table, scalar_attribute_type::n); !made) {
    std::cerr << made.error() << "\n";
    return 1;
  }
  for (int n = 1; n <= 3; ++n) {
    (void)ddb->put_item({.table_name = table,
                         .item = {{"pk", "order"}, {"sk", number(n)}, {"status", "open"}, {"visits", number(0)},
                                  {"customer", item{{"name", "Ada"}}}}});
  }

  // Close order 2 only if it is still open, counting the visit.
  expression_context ctx;
  auto change = ctx.update_expression(update{}.set(path("status"), "closed").set(path("visits"), path("visits") + 1));
  auto guard = ctx.condition_expression(path("status") == "open" && path("customer.name").exists());
  if (!change || !guard) { std::cerr << (change ? guard.error() : change.error()) << "\n"; return 1; }
  auto updated = ddb->update_item({.table_name = table,
                                   .key = {{"pk", "order"}, {"sk", number(2)}},
                                   .update_expression = *change,
                                   .condition_expression = *guard,
                                   .expression_attribute_names = ctx.names(),
                                   .expression_attribute_values = ctx.values()});
  if (!updated) { std::cerr << "update failed: " << updated.error() << "\n"; return 1; }

  // The open orders after the first, with only their status and customer name.
  expression_context query_ctx;
  auto keys = query_ctx.key_condition_expression(key("pk") == "order" && key("sk") > 1);
  auto filter = query_ctx.filter_expression(path("status") == "open");
  auto shown = query_ctx.projection_expression(projection_list{path("sk"), path("status"), path("customer.name")});
  if (!keys || !filter || !shown) { std::cerr << "bad expression\n"; return 1; }
  auto page = ddb->query({.table_name = table,
                          .consistent_read = true,
                          .key_condition_expression = *keys,
                          .filter_expression = *filter,
                          .projection_expression = *shown,
                          .expression_attribute_names = query_ctx.names(),
                          .expression_attribute_values = query_ctx.values()});
  (void)ddb->delete_table({.table_name = table});
  if (!page) { std::cerr << "query failed: " << page.error() << "\n"; return 1; }
  for (const auto& i : page->items) std::cout << i << "\n";
  return page->items.size() == 1 ? 0 : 1;  // only order 3 is still open
}

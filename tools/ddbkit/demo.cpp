#include "commands.hpp"

#include <chrono>
#include <iostream>

namespace ddbkit::cli {
namespace {

void print_item(const item& i) {
  std::cout << "    " << i << "\n";
}

}  // namespace

int run_demo(client& ddb) {
  const std::string table =
      "ddbkit-demo-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000);
  std::cout << "1. create table " << table << " (pk: S partition key, sk: N sort key)\n";
  auto created = ddb.create_table({
      .table_name = table,
      .attribute_definitions = {{.attribute_name = "pk", .attribute_type = scalar_attribute_type::s},
                                {.attribute_name = "sk", .attribute_type = scalar_attribute_type::n}},
      .key_schema = {{.attribute_name = "pk", .key_type = key_type::hash},
                     {.attribute_name = "sk", .key_type = key_type::range}},
      .billing_mode = billing_mode::pay_per_request,
  });
  if (!created) return report(created.error());
  if (auto active = ddb.wait_until_active(table); !active) return report(active.error());

  std::cout << "2. write five orders of customer#1 and one of customer#2\n";
  for (int n = 1; n <= 5; ++n) {
    item order{{"pk", "customer#1"},
               {"sk", number(n)},
               {"total", *number::parse(std::to_string(n * 10) + ".50")},
               {"status", n % 2 == 0 ? "shipped" : "pending"},
               {"tags", attribute_value::string_set{"demo", "order-" + std::to_string(n)}}};
    if (auto put = ddb.put_item({.table_name = table, .item = std::move(order)}); !put) return report(put.error());
  }
  if (auto put = ddb.put_item({.table_name = table, .item = {{"pk", "customer#2"}, {"sk", number(1)}}}); !put) {
    return report(put.error());
  }

  std::cout << "3. read order 3 of customer#1 (strongly consistent)\n";
  auto got = ddb.get_item({.table_name = table, .key = {{"pk", "customer#1"}, {"sk", number(3)}}, .consistent_read = true});
  if (!got) return report(got.error());
  if (got->item) print_item(*got->item);

  std::cout << "4. query customer#1, orders 2 to 4, newest first\n";
  auto queried = ddb.query({
      .table_name = table,
      .key_condition_expression = "pk = :pk AND sk BETWEEN :from AND :to",
      .expression_attribute_values = {{":pk", "customer#1"}, {":from", number(2)}, {":to", number(4)}},
      .scan_index_forward = false,
  });
  if (!queried) return report(queried.error());
  for (const auto& i : queried->items) print_item(i);
  std::cout << "    count " << queried->count << ", scanned " << queried->scanned_count << "\n";

  std::cout << "5. a conditional write that must fail: put order 3 again only if absent\n";
  auto again = ddb.put_item({.table_name = table,
                             .item = {{"pk", "customer#1"}, {"sk", number(3)}},
                             .condition_expression = "attribute_not_exists(pk)"});
  if (again) {
    std::cerr << "unexpected: the conditional put succeeded\n";
    return 1;
  }
  std::cout << "    refused as expected: " << again.error() << "\n";

  std::cout << "6. delete table " << table << "\n";
  if (auto deleted = ddb.delete_table({.table_name = table}); !deleted) return report(deleted.error());
  std::cout << "demo finished\n";
  return 0;
}

}  // namespace ddbkit::cli

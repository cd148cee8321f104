// Create a table, put an item, read it back: the blocking API.
#include "example_options.hpp"

#include <ddbkit/client.hpp>

#include <iostream>

int main() {
  using namespace ddbkit;
  auto options = example_options();
  if (!options) { std::cerr << options.error() << "\n"; return 1; }
  auto ddb = client::create(*options);
  if (!ddb) { std::cerr << ddb.error() << "\n"; return 1; }

  const std::string table = "example-basic-sync";
  (void)ddb->delete_table({.table_name = table});  // left over from an earlier run, if any
  (void)ddb->wait_until_deleted(table);
  auto created = ddb->create_table({
      .table_name = table,
      .attribute_definitions = {{.attribute_name = "pk", .attribute_type = scalar_attribute_type::s}},
      .key_schema = {{.attribute_name = "pk", .key_type = key_type::hash}},
      .billing_mode = billing_mode::pay_per_request,
  });
  if (!created) { std::cerr << created.error() << "\n"; return 1; }
  (void)ddb->wait_until_active(table);

  auto put = ddb->put_item({.table_name = table,
                            .item = {{"pk", "user#1"}, {"name", "Ada"}, {"logins", number(3)}}});
  if (!put) { std::cerr << put.error() << "\n"; return 1; }

  auto got = ddb->get_item({.table_name = table, .key = {{"pk", "user#1"}}, .consistent_read = true});
  if (!got || !got->item) { std::cerr << "get_item failed\n"; return 1; }
  std::cout << "read back: " << *got->item << "\n";
  auto logins = got->item->at("logins").as_n()->to_int64();  // checked: never silently rounded
  std::cout << "logins = " << *logins << "\n";

  (void)ddb->delete_table({.table_name = table});
  return *logins == 3 ? 0 : 1;
}

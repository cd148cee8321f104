// Uses the installed ddbkit as an application would: a client from the environment, a
// typed item, an update built with the expression builders, a consistent read back.
#include <ddbkit/client.hpp>
#include <ddbkit/expr.hpp>
#include <ddbkit/value/typed_item.hpp>

#include <boost/describe/class.hpp>

#include <iostream>
#include <string>

struct counter {
  std::string pk;
  std::int64_t hits = 0;
};
BOOST_DESCRIBE_STRUCT(counter, (), (pk, hits))

int main(int argc, char** argv) {
  using namespace ddbkit;
  if (argc != 2) { std::cerr << "usage: consumer TABLE\n"; return 2; }
  const std::string table = argv[1];
  auto options = client_options::from_env();
  if (!options) { std::cerr << options.error() << "\n"; return 1; }
  auto ddb = client::create(*options);
  if (!ddb) { std::cerr << ddb.error() << "\n"; return 1; }

  auto created = ddb->create_table(
      {.table_name = table,
       .attribute_definitions = {{.attribute_name = "pk", .attribute_type = scalar_attribute_type::s}},
       .key_schema = {{.attribute_name = "pk", .key_type = key_type::hash}},
       .billing_mode = billing_mode::pay_per_request});
  if (!created) { std::cerr << created.error() << "\n"; return 1; }
  if (auto active = ddb->wait_until_active(table); !active) { std::cerr << active.error() << "\n"; return 1; }

  auto first = to_item(counter{.pk = "page#home", .hits = 41});
  if (!first) { std::cerr << first.error() << "\n"; return 1; }
  if (auto put = ddb->put_item({.table_name = table, .item = *first}); !put) { std::cerr << put.error() << "\n"; return 1; }

  expr::expression_context ctx;
  auto change = ctx.update_expression(expr::update{}.set(expr::path("hits"), expr::path("hits") + 1));
  if (!change) { std::cerr << change.error() << "\n"; return 1; }
  auto updated = ddb->update_item({.table_name = table,
                                   .key = {{"pk", "page#home"}},
                                   .update_expression = *change,
                                   .expression_attribute_names = ctx.names(),
                                   .expression_attribute_values = ctx.values()});
  if (!updated) { std::cerr << updated.error() << "\n"; return 1; }

  auto got = ddb->get_item({.table_name = table, .key = {{"pk", "page#home"}}, .consistent_read = true});
  (void)ddb->delete_table({.table_name = table});
  if (!got || !got->item) { std::cerr << "read failed\n"; return 1; }
  auto read = from_item<counter>(*got->item);
  if (!read) { std::cerr << read.error() << "\n"; return 1; }
  std::cout << read->pk << " hits " << read->hits << "\n";
  return read->hits == 42 ? 0 : 1;
}

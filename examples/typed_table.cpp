// A typed table: table<T> binds a client, a table name and its key schema (read once with
// DescribeTable), and speaks T; conditions and updates are expr builders, rendered into
// the request's one placeholder table.
#include "example_table.hpp"

#include <ddbkit/table/table.hpp>

#include <boost/describe/class.hpp>

#include <iostream>
#include <string>

struct ticket {
  std::string pk;  // partition key
  std::int64_t sk = 0;  // sort key
  std::string state;
  std::int64_t votes = 0;
};
BOOST_DESCRIBE_STRUCT(ticket, (), (pk, sk, state, votes))

int main() {
  using namespace ddbkit;
  const std::string name = "example-typed-table";
  auto ddb = example_client_with_table(name, scalar_attribute_type::n);
  if (!ddb) return 1;

  auto tickets = table<ticket>::open(*ddb, name);  // DescribeTable, once
  if (!tickets) { std::cerr << tickets.error() << "\n"; return 1; }

  // Create only if absent: the condition is an expr builder, not a string.
  auto put = tickets->put({.pk = "board#1", .sk = 1, .state = "open", .votes = 0},
                          {.condition = expr::path("pk").not_exists()});
  if (!put) { std::cerr << put.error() << "\n"; return 1; }

  // Vote while open; the new item comes back as a ticket.
  const key first{.partition = "board#1", .sort = number(1)};
  auto voted = tickets->update(first, expr::update{}.add(expr::path("votes"), number(1)),
                               {.condition = expr::path("state") == "open", .returns = returned::new_item});
  if (!voted || !*voted) { std::cerr << (voted ? "no item" : voted.error().message()) << "\n"; return 1; }
  std::cout << "votes: " << (*voted)->votes << "\n";

  // A condition that does not hold is a typed error, with the item as it was.
  auto closed = tickets->update(first, expr::update{}.set(expr::path("state"), "closed"),
                                {.condition = expr::path("votes") > number(5), .old_item_on_condition_failure = true});
  std::cout << "close refused: " << (!closed && closed.error().is_condition_failed()) << "\n";

  auto got = tickets->get(first, {.consistent_read = true});
  if (!got || !*got) { std::cerr << (got ? "no item" : got.error().message()) << "\n"; return 1; }
  std::cout << (*got)->pk << "/" << (*got)->sk << " " << (*got)->state << "\n";

  auto removed = tickets->remove(first);
  (void)ddb->delete_table({.table_name = name});
  if (!removed) { std::cerr << removed.error() << "\n"; return 1; }
  return (*voted)->votes == 1 && (*got)->state == "open" ? 0 : 1;
}

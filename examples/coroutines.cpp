// The async API with C++20 coroutines: co_await never throws for DynamoDB errors, it
// returns result<T>.
#include "example_options.hpp"

#include <ddbkit/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <iostream>

namespace asio = boost::asio;
// Requests are built in a statement of their own, not inside the co_await expression:
// GCC 12 miscompiles braced initializer lists that live across a suspension point.
using namespace ddbkit;

asio::awaitable<int> run(client& ddb) {
  const std::string table = "example-coroutines";
  auto request_1 = delete_table_input{.table_name = table};
  (void)co_await ddb.async_delete_table(std::move(request_1), asio::use_awaitable);
  auto request_2 = create_table_input{.table_name = table,
       .attribute_definitions = {{.attribute_name = "pk", .attribute_type = scalar_attribute_type::s},
                                 {.attribute_name = "sk", .attribute_type = scalar_attribute_type::n}},
       .key_schema = {{.attribute_name = "pk", .key_type = key_type::hash},
                      {.attribute_name = "sk", .key_type = key_type::range}},
       .billing_mode = billing_mode::pay_per_request};
  auto created = co_await ddb.async_create_table(std::move(request_2), asio::use_awaitable);
  if (!created) { std::cerr << created.error() << "\n"; co_return 1; }

  for (int n = 0; n < 3; ++n) {
    auto request_3 = put_item_input{.table_name = table, .item = {{"pk", "feed"}, {"sk", number(n)}}};
    auto put = co_await ddb.async_put_item(std::move(request_3), asio::use_awaitable);
    if (!put) { std::cerr << put.error() << "\n"; co_return 1; }
  }
  auto request_4 = query_input{.table_name = table,
                                        .key_condition_expression = "pk = :pk",
                                        .expression_attribute_values = {{":pk", "feed"}}};
  auto page = co_await ddb.async_query(std::move(request_4), asio::use_awaitable);
  if (!page) { std::cerr << page.error() << "\n"; co_return 1; }
  std::cout << "query returned " << page->count << " items\n";
  auto request_5 = delete_table_input{.table_name = table};
  (void)co_await ddb.async_delete_table(std::move(request_5), asio::use_awaitable);
  co_return page->count == 3 ? 0 : 1;
}

int main() {
  auto options = example_options();
  if (!options) { std::cerr << options.error() << "\n"; return 1; }
  asio::io_context io;
  auto ddb = client::create(io.get_executor(), *options);
  if (!ddb) { std::cerr << ddb.error() << "\n"; return 1; }
  int status = 1;
  asio::co_spawn(io, run(*ddb), [&](std::exception_ptr, int s) { status = s; });
  io.run();
  return status;
}

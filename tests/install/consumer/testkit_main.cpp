// Uses the installed ddbkit::testkit as a user's own tests would: a client over a scripted
// transport that throttles once, then answers; the retry is visible in what was sent.
#include <ddbkit/client.hpp>
#include <ddbkit/testkit/scripted_transport.hpp>

#include <boost/asio/io_context.hpp>

#include <iostream>
#include <optional>

int main() {
  using namespace ddbkit;
  boost::asio::io_context io;
  auto transport = std::make_shared<testkit::scripted_transport>(io.get_executor());
  transport->respond_error(400, "ProvisionedThroughputExceededException", "slow down");
  transport->respond(200, R"({"TableNames":["orders"]})");

  auto options = client_options::local(8000);
  options.sleeper = [](std::chrono::milliseconds, std::function<void()> wake) { wake(); };  // no real waiting
  auto ddb = client::create(io.get_executor(), options, transport);
  if (!ddb) { std::cerr << ddb.error() << "\n"; return 1; }

  std::optional<result<list_tables_output>> out;
  ddb->async_list_tables(list_tables_input{}, [&](result<list_tables_output> r) { out = std::move(r); });
  io.run();
  if (!out || !*out) { std::cerr << "list_tables failed\n"; return 1; }
  std::cout << "tables: " << (*out)->table_names.size() << ", requests sent: " << transport->requests().size() << "\n";
  return (*out)->table_names == std::vector<std::string>{"orders"} && transport->requests().size() == 2 ? 0 : 1;
}

// The installed ddbkit::prometheus: a client over the scripted transport counts one call.
#include <ddbkit/client.hpp>
#include <ddbkit/observe/prometheus.hpp>
#include <ddbkit/testkit/scripted_transport.hpp>

#include <boost/asio/io_context.hpp>

#include <iostream>

int main() {
  boost::asio::io_context io;
  auto transport = std::make_shared<ddbkit::testkit::scripted_transport>(io.get_executor());
  auto metrics = std::make_shared<ddbkit::metrics::prometheus_observer>();
  auto options = ddbkit::client_options::local(8000);
  options.observers.push_back(metrics);
  auto ddb = ddbkit::client::create(io.get_executor(), options, transport);
  if (!ddb) return 1;
  transport->respond(200, R"({"TableNames":[]})");
  bool ok = false;
  ddb->async_list_tables(ddbkit::list_tables_input{}, [&ok](auto r) { ok = r.has_value(); });
  io.run();
  const auto text = metrics->text();
  if (!ok || text.find(R"(dynamodb_operations_total{operation="ListTables",status="success",table=""} 1)") ==
                 std::string::npos) {
    std::cerr << "consumer_metrics: the call was not counted:\n" << text;
    return 1;
  }
  std::cout << "consumer_metrics: ddbkit::prometheus counts calls\n";
  return 0;
}

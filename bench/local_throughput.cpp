// Sequential PutItem and GetItem against DynamoDB Local through ddbkit::client, against a
// baseline that sends pre-serialized, pre-signed requests over the same HTTP connection
// pool implementation: the ratio is what the client adds (serialize, sign, parse, map).
// Rounds alternate baseline and client so that machine noise hits both alike.
//   bench_local_throughput --endpoint http://127.0.0.1:8000 [--requests 2000] [--rounds 3]
#include "bench_fixtures.hpp"

#include <ddbkit/auth/sigv4_signer.hpp>
#include <ddbkit/client.hpp>
#include <ddbkit/http/http_client.hpp>
#include <ddbkit/model/serialization.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/executor_work_guard.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace ddbkit;
using clock_type = std::chrono::steady_clock;

struct latencies {
  std::vector<double> micros;
  double seconds = 0;
  double percentile(double p) const {
    if (micros.empty()) return 0;
    std::vector<double> sorted = micros;
    std::sort(sorted.begin(), sorted.end());
    return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())))];
  }
  double per_second() const { return seconds > 0 ? static_cast<double>(micros.size()) / seconds : 0; }
};

template <class Fn>
void measure(latencies& out, int n, Fn&& fn) {
  const auto begin = clock_type::now();
  for (int i = 0; i < n; ++i) {
    const auto t0 = clock_type::now();
    if (!fn(i)) {
      std::fprintf(stderr, "request failed\n");
      std::exit(1);
    }
    out.micros.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - t0).count());
  }
  out.seconds += std::chrono::duration<double>(clock_type::now() - begin).count();
}

/// A signed request ready to send again and again (the signature stays valid 15 minutes).
http::request presigned(const http::endpoint& ep, std::string_view operation, std::string body) {
  const credentials creds{.access_key_id = "local", .secret_access_key = secret_string("local"),
                          .session_token = {}, .expiration = std::nullopt};
  const std::string target = "DynamoDB_20120810." + std::string(operation);
  auto sig = sigv4::sign({.method = "POST", .path = "/", .query = {},
                          .headers = {{"content-type", "application/x-amz-json-1.0"}, {"host", ep.host_header()},
                                      {"x-amz-target", target}},
                          .payload = body},
                         creds, {.region = "local", .service = "dynamodb", .time = std::chrono::system_clock::now()});
  return http::request{.method = "POST", .target = "/",
                       .headers = {{"Content-Type", "application/x-amz-json-1.0"}, {"X-Amz-Target", target},
                                   {"X-Amz-Date", sig.amz_date}, {"Authorization", sig.authorization}},
                       .body = std::move(body)};
}

void report(const char* what, const latencies& client, const latencies& baseline) {
  std::printf("%-8s client  : p50 %8.1f us  p99 %8.1f us  %8.0f req/s\n", what, client.percentile(0.5),
              client.percentile(0.99), client.per_second());
  std::printf("%-8s baseline: p50 %8.1f us  p99 %8.1f us  %8.0f req/s\n", what, baseline.percentile(0.5),
              baseline.percentile(0.99), baseline.per_second());
  std::printf("%-8s ratio client/baseline: p50 %.2fx  p99 %.2fx  throughput %.2fx\n", what,
              client.percentile(0.5) / baseline.percentile(0.5), client.percentile(0.99) / baseline.percentile(0.99),
              client.per_second() / baseline.per_second());
}

}  // namespace

int main(int argc, char** argv) {
  std::string endpoint_url;
  int requests = 2000;
  int rounds = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--endpoint") endpoint_url = argv[i + 1];
    else if (flag == "--requests") requests = std::atoi(argv[i + 1]);
    else if (flag == "--rounds") rounds = std::atoi(argv[i + 1]);
  }
  if (endpoint_url.empty()) {
    std::fprintf(stderr, "usage: %s --endpoint URL [--requests N] [--rounds R]\n", argv[0]);
    return 2;
  }
  auto options = client_options::local();
  options.endpoint = endpoint_url;
  auto ddb = client::create(options);
  if (!ddb) { std::fprintf(stderr, "client: %s\n", std::string(ddb.error().message()).c_str()); return 1; }

  const std::string table = "bench-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  auto created = ddb->create_table({.table_name = table,
                                    .attribute_definitions = {{.attribute_name = "pk", .attribute_type = scalar_attribute_type::s}},
                                    .key_schema = {{.attribute_name = "pk", .key_type = key_type::hash}},
                                    .billing_mode = billing_mode::pay_per_request});
  if (!created) { std::fprintf(stderr, "create table failed\n"); return 1; }
  (void)ddb->wait_until_active(table);

  const item payload = bench::one_kb_item("bench#0");
  const item key{{"pk", "bench#0"}};
  const auto ep = *http::endpoint::parse(endpoint_url);

  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  std::thread io_thread([&] { io.run(); });
  http::http_client raw(io.get_executor(), options.http);
  const http::request raw_put = presigned(ep, "PutItem", *serialize(put_item_input{.table_name = table, .item = payload}));
  const http::request raw_get = presigned(ep, "GetItem", *serialize(get_item_input{.table_name = table, .key = key}));
  auto send_raw = [&](const http::request& req) {
    std::promise<bool> done;
    raw.async_send(ep, req, {}, [&done](result<http::response> r) { done.set_value(r && r->status == 200); });
    return done.get_future().get();
  };

  // Warm both paths (connections, JIT of the server).
  for (int i = 0; i < 200; ++i) {
    send_raw(raw_put);
    (void)ddb->put_item({.table_name = table, .item = payload});
  }

  latencies client_put, base_put, client_get, base_get;
  for (int r = 0; r < rounds; ++r) {
    measure(base_put, requests, [&](int) { return send_raw(raw_put); });
    measure(client_put, requests, [&](int) { return ddb->put_item({.table_name = table, .item = payload}).has_value(); });
    measure(base_get, requests, [&](int) { return send_raw(raw_get); });
    measure(client_get, requests, [&](int) {
      auto got = ddb->get_item({.table_name = table, .key = key});
      return got && got->item;
    });
  }
  std::printf("sequential requests against DynamoDB Local: %d rounds x %d per operation, 1 KB item\n", rounds, requests);
  report("PutItem", client_put, base_put);
  report("GetItem", client_get, base_get);

  (void)ddb->delete_table({.table_name = table});
  guard.reset();
  raw.close_idle();
  io.stop();
  io_thread.join();
  return 0;
}

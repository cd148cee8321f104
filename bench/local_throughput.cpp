// Sequential GetItem and PutItem of a ~200-byte item against DynamoDB Local, through
// ddbkit's blocking client, its async client on one thread, and the physical limit: a
// blocking POSIX socket sending pre-built signed request bytes over one kept-alive
// connection and reading until Content-Length (no ddbkit code on that path). Each mode
// reports throughput, p50, p99 and client CPU per request (getrusage, every thread of
// this process), and its ratio to the ceiling measured in the same run; rounds alternate
// the modes so that machine noise hits all alike.
//   bench_local_throughput --endpoint http://127.0.0.1:8000 [--requests 2000] [--rounds 3]
//   bench_local_throughput --endpoint URL --only blocking|async|ceiling --operation get|put [--requests N]
// The second form runs just one mode (for `strace -c -f`: two runs with different N give the
// system calls per request).
#include <ddbkit/auth/sigv4_signer.hpp>
#include <ddbkit/client.hpp>
#include <ddbkit/model/serialization.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace ddbkit;
using clock_type = std::chrono::steady_clock;

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct figures {
  std::vector<double> micros;
  double seconds = 0;
  double cpu = 0;
  double percentile(double p) const {
    if (micros.empty()) return 0;
    std::vector<double> sorted = micros;
    std::sort(sorted.begin(), sorted.end());
    return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())))];
  }
  double per_second() const { return seconds > 0 ? static_cast<double>(micros.size()) / seconds : 0; }
  double cpu_micros_per_request() const { return micros.empty() ? 0 : cpu * 1e6 / static_cast<double>(micros.size()); }
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "bench_local_throughput: %s\n", what.c_str());
  std::exit(1);
}

/// `n` sequential requests, each `one(i)` returning whether it succeeded.
void measure(figures& out, int n, const std::function<bool(int)>& one) {
  const double cpu0 = cpu_seconds();
  const auto begin = clock_type::now();
  for (int i = 0; i < n; ++i) {
    const auto t0 = clock_type::now();
    if (!one(i)) die("a request failed");
    out.micros.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - t0).count());
  }
  out.seconds += std::chrono::duration<double>(clock_type::now() - begin).count();
  out.cpu += cpu_seconds() - cpu0;
}

// ---- The ceiling: a blocking socket and pre-built bytes -----------------------------------

/// The complete HTTP/1.1 request, signed once (the signature stays valid 15 minutes).
std::string prebuilt_request(const http::endpoint& ep, std::string_view operation, const std::string& body) {
  const credentials creds{.access_key_id = "local", .secret_access_key = secret_string("local"),
                          .session_token = {}, .expiration = std::nullopt};
  const std::string target = "DynamoDB_20120810." + std::string(operation);
  auto sig = sigv4::sign({.method = "POST", .path = "/", .query = {},
                          .headers = {{"content-type", "application/x-amz-json-1.0"}, {"host", ep.host_header()},
                                      {"x-amz-target", target}},
                          .payload = body},
                         creds, {.region = "local", .service = "dynamodb", .time = std::chrono::system_clock::now()});
  std::string wire = "POST / HTTP/1.1\r\nHost: " + ep.host_header() +
                     "\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: " + target +
                     "\r\nX-Amz-Date: " + sig.amz_date + "\r\nAuthorization: " + sig.authorization +
                     "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return wire;
}

class raw_connection {
 public:
  explicit raw_connection(const http::endpoint& ep) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(ep.port);
    if (::inet_pton(AF_INET, ep.host.c_str(), &addr.sin_addr) != 1) die("the ceiling needs an IPv4 endpoint");
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) die("connect failed");
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    buffer_.resize(1 << 16);
  }
  ~raw_connection() { ::close(fd_); }
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;

  /// Sends `wire` and reads the whole response; true for HTTP 200.
  bool exchange(const std::string& wire) {
    for (std::size_t sent = 0; sent < wire.size();) {
      const auto n = ::send(fd_, wire.data() + sent, wire.size() - sent, 0);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    std::size_t have = 0;
    std::size_t need = 0;  // header end + Content-Length, once known
    for (;;) {
      if (have == buffer_.size()) buffer_.resize(buffer_.size() * 2);
      const auto n = ::recv(fd_, buffer_.data() + have, buffer_.size() - have, 0);
      if (n <= 0) return false;
      have += static_cast<std::size_t>(n);
      if (need == 0) {
        const std::string_view got(buffer_.data(), have);
        const auto end = got.find("\r\n\r\n");
        if (end == std::string_view::npos) continue;
        auto at = got.find("ontent-Length:");
        if (at == std::string_view::npos || at > end) at = got.find("ontent-length:");
        if (at == std::string_view::npos || at > end) die("no Content-Length in the response");
        need = end + 4 + std::strtoull(buffer_.data() + at + 14, nullptr, 10);
      }
      if (have >= need) return std::string_view(buffer_.data(), 12) == "HTTP/1.1 200";
    }
  }

 private:
  int fd_ = -1;
  std::vector<char> buffer_;
};

// ---- ddbkit, async on one thread ---------------------------------------------------------

/// Runs `n` sequential calls made by `call(i)` (an awaitable of a result) on `io`.
template <class Call>
void measure_async(figures& out, boost::asio::io_context& io, int n, Call call) {
  const double cpu0 = cpu_seconds();
  const auto begin = clock_type::now();
  bool ok = true;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        for (int i = 0; i < n && ok; ++i) {
          const auto t0 = clock_type::now();
          ok = co_await call(i);
          out.micros.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - t0).count());
        }
      },
      boost::asio::detached);
  io.run();
  io.restart();
  if (!ok) die("a request failed");
  out.seconds += std::chrono::duration<double>(clock_type::now() - begin).count();
  out.cpu += cpu_seconds() - cpu0;
}

void report(const char* operation, const std::map<std::string, figures>& by_mode) {
  const auto& ceiling = by_mode.at("ceiling");
  for (const auto& mode : {"ceiling", "blocking", "async"}) {
    const auto& f = by_mode.at(mode);
    std::printf("%-8s %-9s %8.0f req/s  p50 %7.1f us  p99 %8.1f us  cpu %6.1f us/req", operation, mode,
                f.per_second(), f.percentile(0.5), f.percentile(0.99), f.cpu_micros_per_request());
    if (std::string(mode) != "ceiling") {
      std::printf("   | vs ceiling: throughput %.2fx  p50 %.2fx  p99 %.2fx  cpu %.2fx", f.per_second() / ceiling.per_second(),
                  f.percentile(0.5) / ceiling.percentile(0.5), f.percentile(0.99) / ceiling.percentile(0.99),
                  f.cpu_micros_per_request() / ceiling.cpu_micros_per_request());
    }
    std::printf("\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string endpoint_url;
  std::string only;
  std::string operation = "get";
  int requests = 2000;
  int rounds = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--endpoint") endpoint_url = argv[i + 1];
    else if (flag == "--requests") requests = std::atoi(argv[i + 1]);
    else if (flag == "--rounds") rounds = std::atoi(argv[i + 1]);
    else if (flag == "--only") only = argv[i + 1];
    else if (flag == "--operation") operation = argv[i + 1];
  }
  if (endpoint_url.empty()) {
    std::fprintf(stderr, "usage: %s --endpoint URL [--requests N] [--rounds R]\n", argv[0]);
    return 2;
  }
  auto options = client_options::local();
  options.endpoint = endpoint_url;
  auto blocking = client::create(options);
  if (!blocking) die("client: " + std::string(blocking.error().message()));
  boost::asio::io_context io(1);
  auto async = client::create(io.get_executor(), options);
  if (!async) die("client: " + std::string(async.error().message()));

  const std::string table = "bench-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  create_table_input create{.table_name = table, .billing_mode = billing_mode::pay_per_request};
  create.attribute_definitions.push_back({.attribute_name = "pk", .attribute_type = scalar_attribute_type::s});
  create.key_schema.push_back({.attribute_name = "pk", .key_type = key_type::hash});
  if (!blocking->create_table(create)) die("create table failed");
  (void)blocking->wait_until_active(table);

  // About 200 bytes by DynamoDB's size rules.
  const item payload{{"pk", "bench#0"},
                     {"name", "Ada Lovelace"},
                     {"visits", number(42)},
                     {"tags", attribute_value::string_set{"alpha", "beta", "gamma"}},
                     {"note", std::string(120, 'x')}};
  const item key{{"pk", "bench#0"}};
  const put_item_input put{.table_name = table, .item = payload};
  const get_item_input get{.table_name = table, .key = key};
  const auto ep = *http::endpoint::parse(endpoint_url);
  const std::string raw_put = prebuilt_request(ep, "PutItem", *serialize(put));
  const std::string raw_get = prebuilt_request(ep, "GetItem", *serialize(get));
  raw_connection raw(ep);

  auto async_put = [&](int) -> boost::asio::awaitable<bool> {
    auto in = put;
    auto r = co_await async->async_put_item(std::move(in), boost::asio::use_awaitable);
    co_return r.has_value();
  };
  auto async_get = [&](int) -> boost::asio::awaitable<bool> {
    auto in = get;
    auto r = co_await async->async_get_item(std::move(in), boost::asio::use_awaitable);
    co_return r && r->item;
  };

  if (!blocking->put_item(put)) die("the first put failed");
  if (!only.empty()) {
    const bool put_op = operation == "put";
    figures f;
    if (only == "ceiling") {
      measure(f, requests, [&](int) { return raw.exchange(put_op ? raw_put : raw_get); });
    } else if (only == "blocking") {
      measure(f, requests, [&](int) {
        return put_op ? blocking->put_item(put).has_value() : blocking->get_item(get).has_value();
      });
    } else if (only == "async") {
      if (put_op) measure_async(f, io, requests, async_put); else measure_async(f, io, requests, async_get);
    } else {
      die("--only takes ceiling, blocking or async");
    }
    std::printf("%s %s: %d requests, %.0f req/s, cpu %.1f us/req\n", only.c_str(), operation.c_str(), requests,
                f.per_second(), f.cpu_micros_per_request());
    (void)blocking->delete_table({.table_name = table});
    return 0;
  }

  // Warm every path (connections, the server's JIT).
  for (int i = 0; i < 300; ++i) {
    if (!raw.exchange(raw_put) || !raw.exchange(raw_get)) die("warm-up of the ceiling failed");
    if (!blocking->put_item(put) || !blocking->get_item(get)) die("warm-up of the blocking client failed");
  }
  figures warm;
  measure_async(warm, io, 300, async_put);

  std::map<std::string, figures> put_figures, get_figures;
  for (int r = 0; r < rounds; ++r) {
    measure(put_figures["ceiling"], requests, [&](int) { return raw.exchange(raw_put); });
    measure(put_figures["blocking"], requests, [&](int) { return blocking->put_item(put).has_value(); });
    measure_async(put_figures["async"], io, requests, async_put);
    measure(get_figures["ceiling"], requests, [&](int) { return raw.exchange(raw_get); });
    measure(get_figures["blocking"], requests, [&](int) {
      auto got = blocking->get_item(get);
      return got && got->item;
    });
    measure_async(get_figures["async"], io, requests, async_get);
  }
  std::printf("sequential requests against DynamoDB Local, %d rounds x %d per mode, item of ~200 bytes\n", rounds,
              requests);
  report("PutItem", put_figures);
  report("GetItem", get_figures);

  (void)blocking->delete_table({.table_name = table});
  return 0;
}

// Sequential GetItem and PutItem of a ~200-byte item against DynamoDB Local, through
// ddbkit's blocking client, its async client on one thread, and the physical limit: a
// blocking POSIX socket sending pre-built signed request bytes over one kept-alive
// connection and reading until Content-Length (no ddbkit code on that path). Each mode
// reports throughput, p50, p99 and client CPU per request (getrusage, every thread of
// this process), and its ratio to the ceiling measured in the same run; rounds alternate
// the modes so that machine noise hits all alike. A second limit, "epoll", is the same raw
// loop waiting as an event loop must (non-blocking recv, epoll_wait, recv): what an async
// client cannot go below on Linux; the async client's CPU is also given against it. A
// third, "asio", sends the same bytes through the least an Asio coroutine does (a
// non-blocking send, async_read_some): what Asio costs before an async client does any work.
// A fourth, "work", is ddbkit's own work for each request (serialize, sign, exchange on its
// blocking connection, check the CRC, decode) in a plain loop with no request path around
// it: the clients' CPU against it is what their request paths cost beyond the work. A
// fifth, "async-work", is the same work with the exchange on ddbkit's async connection in an
// Asio coroutine: the least an async client made of ddbkit's parts can cost, against which
// the async client's CPU is what its request path costs.
//   bench_local_throughput --endpoint http://127.0.0.1:8000 [--requests 2000] [--rounds 3]
//   bench_local_throughput --endpoint URL --only ceiling|epoll|asio|work|async-work|blocking|async
//                          --operation get|put [--requests N]
// The second form runs just one mode (for `strace -c -f`: two runs with different N give the
// system calls per request).
#include <ddbkit/client.hpp>
#include <ddbkit/model/serialization.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "asio_floor.hpp"
#include "raw_socket.hpp"
#include "work_floor.hpp"

namespace {

using namespace ddbkit;
using bench::cpu_used;
using bench::die;
using bench::prebuilt_request;
using bench::raw_connection;
using clock_type = std::chrono::steady_clock;

struct figures {
  std::vector<double> micros;
  double seconds = 0;
  double cpu = 0;
  double cpu_user = 0;  ///< of `cpu`, the part spent in user space (the rest: the kernel)
  double percentile(double p) const {
    if (micros.empty()) return 0;
    std::vector<double> sorted = micros;
    std::sort(sorted.begin(), sorted.end());
    return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())))];
  }
  double per_second() const { return seconds > 0 ? static_cast<double>(micros.size()) / seconds : 0; }
  double cpu_micros_per_request() const { return per_request(cpu); }
  double user_micros_per_request() const { return per_request(cpu_user); }
  double per_request(double seconds_of_cpu) const {
    return micros.empty() ? 0 : seconds_of_cpu * 1e6 / static_cast<double>(micros.size());
  }
  void add_cpu_since(const bench::cpu_time& start) {
    const auto now = cpu_used();
    cpu += now.total() - start.total();
    cpu_user += now.user - start.user;
  }
};

/// `n` sequential requests, each `one(i)` returning whether it succeeded.
void measure(figures& out, int n, const std::function<bool(int)>& one) {
  const auto cpu0 = cpu_used();
  const auto begin = clock_type::now();
  for (int i = 0; i < n; ++i) {
    const auto t0 = clock_type::now();
    if (!one(i)) die("a request failed");
    out.micros.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - t0).count());
  }
  out.seconds += std::chrono::duration<double>(clock_type::now() - begin).count();
  out.add_cpu_since(cpu0);
}

// ---- ddbkit, async on one thread ---------------------------------------------------------

/// Runs `n` sequential calls made by `call(i)` (the client's awaitable) on `io`, each
/// checked by `answered(result)`. The loop awaits the client's own awaitable: a coroutine of
/// the harness's around each call would be a frame a call counted as ddbkit's.
template <class Call, class Check>
void measure_async(figures& out, boost::asio::io_context& io, int n, Call call, Check answered) {
  const auto cpu0 = cpu_used();
  const auto begin = clock_type::now();
  bool ok = true;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        for (int i = 0; i < n && ok; ++i) {
          const auto t0 = clock_type::now();
          const auto r = co_await call(i);
          ok = answered(r);
          out.micros.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - t0).count());
        }
      },
      boost::asio::detached);
  io.run();
  io.restart();
  if (!ok) die("a request failed");
  out.seconds += std::chrono::duration<double>(clock_type::now() - begin).count();
  out.add_cpu_since(cpu0);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n == 0 ? 0 : (n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
}

/// Each round's figures per mode, and all rounds pooled.
struct mode_figures {
  figures pooled;
  std::vector<figures> rounds;
};

/// Each round's ratio of `f` to `limit` in `metric` (rounds pair up: measured seconds apart).
std::vector<double> ratios_by_round(const mode_figures& f, const mode_figures& limit,
                                    double (figures::*metric)() const) {
  std::vector<double> out;
  for (std::size_t r = 0; r < f.rounds.size(); ++r) {
    out.push_back((f.rounds[r].*metric)() / (limit.rounds[r].*metric)());
  }
  return out;
}

/// "median [min..max]" of `v`.
void print_spread(const std::vector<double>& v) {
  std::printf("%.2fx [%.2f..%.2f]", median(v), *std::min_element(v.begin(), v.end()),
              *std::max_element(v.begin(), v.end()));
}

void report(const char* operation, const std::map<std::string, mode_figures>& by_mode) {
  const auto& ceiling = by_mode.at("ceiling");
  const auto& epoll_limit = by_mode.at("epoll");
  const auto& asio_floor = by_mode.at("asio");
  const auto& work_floor = by_mode.at("work");
  const auto& async_work_floor = by_mode.at("async-work");
  for (const auto& mode : {"ceiling", "epoll", "asio", "work", "async-work", "blocking", "async"}) {
    const auto& f = by_mode.at(mode);
    const auto& all = f.pooled;
    // The user-space part shows what the client's own code costs: the ceiling's CPU is
    // almost all the kernel's (system calls), which no client can avoid.
    std::printf("%-8s %-10s %8.0f req/s  p50 %7.1f us  p99 %8.1f us  cpu %6.1f us/req (user %5.1f)", operation, mode,
                all.per_second(), all.percentile(0.5), all.percentile(0.99), all.cpu_micros_per_request(),
                all.user_micros_per_request());
    if (std::string(mode) != "ceiling") {
      std::printf("   | vs ceiling: throughput %.2fx  p50 %.2fx  p99 %.2fx  cpu %.2fx",
                  all.per_second() / ceiling.pooled.per_second(),
                  all.percentile(0.5) / ceiling.pooled.percentile(0.5),
                  all.percentile(0.99) / ceiling.pooled.percentile(0.99),
                  all.cpu_micros_per_request() / ceiling.pooled.cpu_micros_per_request());
      // The machine drifts between rounds (DynamoDB Local shares its two cores): a round's
      // ratio compares modes measured seconds apart, and the median of rounds ignores the
      // odd disturbed one.
      std::printf("  | median of %zu rounds: throughput ", f.rounds.size());
      print_spread(ratios_by_round(f, ceiling, &figures::per_second));
      std::printf("  cpu ");
      print_spread(ratios_by_round(f, ceiling, &figures::cpu_micros_per_request));
    }
    if (std::string(mode) == "asio" || std::string(mode) == "async-work" || std::string(mode) == "async") {
      std::printf("  | vs epoll: cpu %.2fx, median of rounds ",
                  all.cpu_micros_per_request() / epoll_limit.pooled.cpu_micros_per_request());
      print_spread(ratios_by_round(f, epoll_limit, &figures::cpu_micros_per_request));
    }
    if (std::string(mode) == "async-work" || std::string(mode) == "async") {
      std::printf("  | vs asio: cpu %.2fx, median of rounds ",
                  all.cpu_micros_per_request() / asio_floor.pooled.cpu_micros_per_request());
      print_spread(ratios_by_round(f, asio_floor, &figures::cpu_micros_per_request));
    }
    if (std::string(mode) == "blocking" || std::string(mode) == "async") {
      std::printf("  | vs work: cpu %.2fx, median of rounds ",
                  all.cpu_micros_per_request() / work_floor.pooled.cpu_micros_per_request());
      print_spread(ratios_by_round(f, work_floor, &figures::cpu_micros_per_request));
    }
    if (std::string(mode) == "async") {
      std::printf("  | vs async-work: cpu %.2fx, median of rounds ",
                  all.cpu_micros_per_request() / async_work_floor.pooled.cpu_micros_per_request());
      print_spread(ratios_by_round(f, async_work_floor, &figures::cpu_micros_per_request));
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
  raw_connection raw_epoll(ep, bench::wait_style::epoll);
  bench::asio_connection raw_asio(io, ep);
  bench::work_floor work(ep);
  bench::async_work_floor async_work(io, ep);

  // Both clients read the same input by reference: an async call makes its request before
  // it returns, as a blocking one does.
  auto async_put = [&](int) { return async->async_put_item(put, boost::asio::use_awaitable); };
  auto async_get = [&](int) { return async->async_get_item(get, boost::asio::use_awaitable); };
  auto asio_put = [&](int) { return raw_asio.exchange(raw_put); };
  auto asio_get = [&](int) { return raw_asio.exchange(raw_get); };
  auto async_work_put = [&](int) { return async_work.put(put); };
  auto async_work_get = [&](int) { return async_work.get(get); };
  const auto exchanged = [](bool ok) { return ok; };
  const auto put_answered = [](const result<put_item_output>& r) { return r.has_value(); };
  const auto get_answered = [](const result<get_item_output>& r) { return r && r->item; };

  if (!blocking->put_item(put)) die("the first put failed");
  if (!only.empty()) {
    const bool put_op = operation == "put";
    figures f;
    if (only == "ceiling") {
      measure(f, requests, [&](int) { return raw.exchange(put_op ? raw_put : raw_get); });
    } else if (only == "epoll") {
      measure(f, requests, [&](int) { return raw_epoll.exchange(put_op ? raw_put : raw_get); });
    } else if (only == "asio") {
      if (put_op) measure_async(f, io, requests, asio_put, exchanged);
      else measure_async(f, io, requests, asio_get, exchanged);
    } else if (only == "work") {
      measure(f, requests, [&](int) { return put_op ? work.put(put) : work.get(get); });
    } else if (only == "async-work") {
      if (put_op) measure_async(f, io, requests, async_work_put, exchanged);
      else measure_async(f, io, requests, async_work_get, exchanged);
    } else if (only == "blocking") {
      measure(f, requests, [&](int) {
        return put_op ? blocking->put_item(put).has_value() : blocking->get_item(get).has_value();
      });
    } else if (only == "async") {
      if (put_op) measure_async(f, io, requests, async_put, put_answered);
      else measure_async(f, io, requests, async_get, get_answered);
    } else {
      die("--only takes ceiling, epoll, asio, work, async-work, blocking or async");
    }
    std::printf("%s %s: %d requests, %.0f req/s, cpu %.1f us/req (user %.1f)\n", only.c_str(), operation.c_str(),
                requests, f.per_second(), f.cpu_micros_per_request(), f.user_micros_per_request());
    (void)blocking->delete_table({.table_name = table});
    return 0;
  }

  // Warm every path (connections, the server's JIT).
  for (int i = 0; i < 300; ++i) {
    if (!raw.exchange(raw_put) || !raw.exchange(raw_get)) die("warm-up of the ceiling failed");
    if (!raw_epoll.exchange(raw_put) || !raw_epoll.exchange(raw_get)) die("warm-up of the epoll limit failed");
    if (!work.put(put) || !work.get(get)) die("warm-up of the work floor failed");
    if (!blocking->put_item(put) || !blocking->get_item(get)) die("warm-up of the blocking client failed");
  }
  figures warm;
  measure_async(warm, io, 300, asio_put, exchanged);
  measure_async(warm, io, 300, asio_get, exchanged);
  measure_async(warm, io, 300, async_work_put, exchanged);
  measure_async(warm, io, 300, async_work_get, exchanged);
  measure_async(warm, io, 300, async_put, put_answered);

  std::map<std::string, mode_figures> put_figures, get_figures;
  // Runs one round of a mode, kept on its own and pooled with the others.
  const auto round_of = [](mode_figures& into, const std::function<void(figures&)>& run) {
    figures one;
    run(one);
    into.pooled.micros.insert(into.pooled.micros.end(), one.micros.begin(), one.micros.end());
    into.pooled.seconds += one.seconds;
    into.pooled.cpu += one.cpu;
    into.pooled.cpu_user += one.cpu_user;
    into.rounds.push_back(std::move(one));
  };
  for (int r = 0; r < rounds; ++r) {
    round_of(put_figures["ceiling"], [&](figures& f) { measure(f, requests, [&](int) { return raw.exchange(raw_put); }); });
    round_of(put_figures["epoll"],
             [&](figures& f) { measure(f, requests, [&](int) { return raw_epoll.exchange(raw_put); }); });
    round_of(put_figures["asio"], [&](figures& f) { measure_async(f, io, requests, asio_put, exchanged); });
    round_of(put_figures["work"], [&](figures& f) { measure(f, requests, [&](int) { return work.put(put); }); });
    round_of(put_figures["async-work"],
             [&](figures& f) { measure_async(f, io, requests, async_work_put, exchanged); });
    round_of(put_figures["blocking"],
             [&](figures& f) { measure(f, requests, [&](int) { return blocking->put_item(put).has_value(); }); });
    round_of(put_figures["async"], [&](figures& f) { measure_async(f, io, requests, async_put, put_answered); });
    round_of(get_figures["ceiling"], [&](figures& f) { measure(f, requests, [&](int) { return raw.exchange(raw_get); }); });
    round_of(get_figures["epoll"],
             [&](figures& f) { measure(f, requests, [&](int) { return raw_epoll.exchange(raw_get); }); });
    round_of(get_figures["asio"], [&](figures& f) { measure_async(f, io, requests, asio_get, exchanged); });
    round_of(get_figures["work"], [&](figures& f) { measure(f, requests, [&](int) { return work.get(get); }); });
    round_of(get_figures["async-work"],
             [&](figures& f) { measure_async(f, io, requests, async_work_get, exchanged); });
    round_of(get_figures["blocking"], [&](figures& f) {
      measure(f, requests, [&](int) {
        auto got = blocking->get_item(get);
        return got && got->item;
      });
    });
    round_of(get_figures["async"], [&](figures& f) { measure_async(f, io, requests, async_get, get_answered); });
  }
  std::printf("sequential requests against DynamoDB Local, %d rounds x %d per mode, item of ~200 bytes\n", rounds,
              requests);
  report("PutItem", put_figures);
  report("GetItem", get_figures);

  (void)blocking->delete_table({.table_name = table});
  return 0;
}

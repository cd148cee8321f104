// What observing costs: sequential GetItem of a ~200-byte item against DynamoDB Local
// through ddbkit's blocking client with no observer, with an observer that does nothing
// (the cost of the seam itself), and with the Prometheus observer plus the tracing observer
// (a tracer whose spans count what they are given: ddbkit's part of tracing, not an SDK's),
// each alone and both together; and the physical limit of the same run (a blocking socket
// sending pre-built signed bytes). A Prometheus observer told to ask every request for its
// consumed capacity ("prom, asks capacity") gets larger responses that DynamoDB Local is slower
// to compute: a client without observers that asks the same is its baseline, so the
// observer's own cost is seen apart from the server's. Rounds interleave the modes so that
// machine noise hits all alike; each mode reports throughput, p50, CPU per request, and its
// ratios to "no observer" (over the whole run, and the median of the per-round ratios, which
// noise moves less) and to the limit.
//   bench_observer_overhead --endpoint http://127.0.0.1:8000 [--requests 1000] [--rounds 10]
//   bench_observer_overhead --endpoint URL --only "prometheus+tracer"   (one mode, for perf)
#include <ddbkit/client.hpp>
#include <ddbkit/model/serialization.hpp>
#include <ddbkit/observe/prometheus.hpp>
#include <ddbkit/tracing.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "raw_socket.hpp"

namespace {

using namespace ddbkit;
using bench::cpu_seconds;
using bench::die;
using clock_type = std::chrono::steady_clock;

/// A span that takes what it is told and counts it: what ddbkit spends building and handing
/// over the attributes is measured, not what a tracing SDK then does with them.
class counting_span final : public trace_span {
 public:
  void set_attributes(const trace_attributes& attributes) override { told_ += attributes.size(); }
  void add_event(std::string_view name, const trace_attributes& attributes) override {
    told_ += name.size() + attributes.size();
  }
  void set_error(std::string_view type, std::string_view message) override { told_ += type.size() + message.size(); }
  void end() override { total_told += told_; }

  static inline std::atomic<std::size_t> total_told{0};

 private:
  std::size_t told_ = 0;
};

class counting_tracer final : public tracer {
 public:
  std::unique_ptr<trace_span> start_span(std::string_view, const trace_attributes& attributes) override {
    auto span = std::make_unique<counting_span>();
    span->set_attributes(attributes);
    return span;
  }
};

struct mode {
  std::string name;
  std::unique_ptr<client> ddb;
  /// Sends ReturnConsumedCapacity itself: the baseline of observers that ask for it.
  std::optional<return_consumed_capacity> asks;
  std::vector<double> micros;
  double seconds = 0;
  double cpu = 0;
  std::vector<double> round_rates;  ///< requests per second of each round

  double per_second() const { return static_cast<double>(micros.size()) / seconds; }
  double cpu_micros() const { return cpu * 1e6 / static_cast<double>(micros.size()); }
  double p50() const {
    auto sorted = micros;
    std::sort(sorted.begin(), sorted.end());
    return sorted[sorted.size() / 2];
  }
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 == 1 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

/// The median over rounds of m's throughput relative to base's in the same round: machine
/// noise drifts between rounds, and a ratio within one round cancels most of it.
double median_ratio(const mode& m, const mode& base) {
  std::vector<double> ratios;
  for (std::size_t r = 0; r < m.round_rates.size(); ++r) ratios.push_back(m.round_rates[r] / base.round_rates[r]);
  return median(ratios);
}

void measure(mode& m, int n, const std::function<bool()>& one) {
  const double cpu0 = cpu_seconds();
  const auto begin = clock_type::now();
  for (int i = 0; i < n; ++i) {
    const auto t0 = clock_type::now();
    if (!one()) die("a request failed in mode " + m.name);
    m.micros.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - t0).count());
  }
  const double seconds = std::chrono::duration<double>(clock_type::now() - begin).count();
  m.seconds += seconds;
  m.round_rates.push_back(n / seconds);
  m.cpu += cpu_seconds() - cpu0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string endpoint_url;
  int requests = 1000;
  int rounds = 10;
  std::string only;  // one mode alone (for a profiler)
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--only") only = argv[i + 1];
    if (flag == "--endpoint") endpoint_url = argv[i + 1];
    else if (flag == "--requests") requests = std::atoi(argv[i + 1]);
    else if (flag == "--rounds") rounds = std::atoi(argv[i + 1]);
  }
  if (endpoint_url.empty() || requests <= 0 || rounds <= 0) {
    std::fprintf(stderr, "usage: %s --endpoint URL [--requests N] [--rounds R]\n", argv[0]);
    return 2;
  }

  auto options = client_options::local();
  options.endpoint = endpoint_url;
  auto make = [&](std::vector<std::shared_ptr<observer>> observers) {
    auto with = options;
    with.observers = std::move(observers);
    auto made = client::create(with);
    if (!made) die("client: " + std::string(made.error().message()));
    return std::make_unique<client>(std::move(*made));
  };
  auto metrics = std::make_shared<metrics::prometheus_observer>();
  std::vector<mode> modes;
  modes.push_back({.name = "no observer", .ddb = make({})});
  // A Prometheus observer told to ask every request for ReturnConsumedCapacity INDEXES makes
  // each response larger and DynamoDB Local slower to answer: it is also compared with a
  // client without observers whose requests ask the same.
  modes.push_back({.name = "none, asks capacity", .ddb = make({}), .asks = return_consumed_capacity::indexes});
  modes.push_back({.name = "no-op observer", .ddb = make({std::make_shared<observer>()})});
  modes.push_back({.name = "prometheus", .ddb = make({std::make_shared<metrics::prometheus_observer>()})});
  modes.push_back({.name = "prom, asks capacity",
                   .ddb = make({std::make_shared<metrics::prometheus_observer>(
                       nullptr, metrics::prometheus_options{.ask_consumed_capacity = true})})});
  modes.push_back(
      {.name = "tracer", .ddb = make({std::make_shared<tracing_observer>(std::make_shared<counting_tracer>())})});
  modes.push_back({.name = "prometheus+tracer",
                   .ddb = make({metrics, std::make_shared<tracing_observer>(std::make_shared<counting_tracer>())})});

  const std::string table = "bench-observe-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  create_table_input create{.table_name = table, .billing_mode = billing_mode::pay_per_request};
  create.attribute_definitions.push_back({.attribute_name = "pk", .attribute_type = scalar_attribute_type::s});
  create.key_schema.push_back({.attribute_name = "pk", .key_type = key_type::hash});
  auto& plain = *modes.front().ddb;
  if (!plain.create_table(create)) die("create table failed");
  (void)plain.wait_until_active(table);
  const item payload{{"pk", "bench#0"},
                     {"name", "Ada Lovelace"},
                     {"visits", number(42)},
                     {"tags", attribute_value::string_set{"alpha", "beta", "gamma"}},
                     {"note", std::string(120, 'x')}};
  if (!plain.put_item({.table_name = table, .item = payload})) die("put failed");
  const get_item_input get{.table_name = table, .key = {{"pk", "bench#0"}}};

  const auto ep = *http::endpoint::parse(endpoint_url);
  const std::string raw_get = bench::prebuilt_request(ep, "GetItem", *serialize(get));
  bench::raw_connection raw(ep);
  mode ceiling{.name = "ceiling", .ddb = nullptr};

  auto get_asking = get;
  get_asking.return_consumed_capacity = return_consumed_capacity::indexes;
  auto get_one = [&](const mode& m) {
    auto got = m.ddb->get_item(m.asks ? get_asking : get);
    return got && got->item;
  };
  for (int i = 0; i < 300; ++i) {  // connections, the server's JIT
    if (!raw.exchange(raw_get)) die("warm-up of the ceiling failed");
    for (auto& m : modes) {
      if (!get_one(m)) die("warm-up failed");
    }
  }
  if (!only.empty()) {
    auto chosen = std::ranges::find(modes, only, &mode::name);
    if (chosen == modes.end()) die("--only takes a mode's name");
    measure(*chosen, requests * rounds, [&] { return get_one(*chosen); });
    std::printf("%s: %.0f req/s, cpu %.1f us/req\n", only.c_str(), chosen->per_second(), chosen->cpu_micros());
    (void)plain.delete_table({.table_name = table});
    return 0;
  }
  for (int r = 0; r < rounds; ++r) {
    measure(ceiling, requests, [&] { return raw.exchange(raw_get); });
    // Alternate the order, so that no mode always follows the same one.
    for (std::size_t k = 0; k < modes.size(); ++k) {
      auto& m = modes[(static_cast<std::size_t>(r) + k) % modes.size()];
      measure(m, requests, [&] { return get_one(m); });
    }
  }

  std::printf("sequential GetItem against DynamoDB Local (blocking client), %d rounds x %d per mode\n", rounds,
              requests);
  std::printf("%-18s %8.0f req/s  p50 %7.1f us  cpu %6.1f us/req\n", ceiling.name.c_str(), ceiling.per_second(),
              ceiling.p50(), ceiling.cpu_micros());
  const auto& base = modes.front();
  for (const auto& m : modes) {
    std::printf("%-18s %8.0f req/s  p50 %7.1f us  cpu %6.1f us/req  | vs no observer: throughput %.3fx (median "
                "of rounds %.3fx)  cpu %+.1f us/req  | vs ceiling: throughput %.2fx\n",
                m.name.c_str(), m.per_second(), m.p50(), m.cpu_micros(), m.per_second() / base.per_second(),
                median_ratio(m, base), m.cpu_micros() - base.cpu_micros(), m.per_second() / ceiling.per_second());
  }
  const auto& asking = *std::ranges::find(modes, "none, asks capacity", &mode::name);
  std::printf("the observer that asks for consumed capacity vs a client without observers that asks the same:\n");
  for (const auto& m : modes) {
    if (m.name != "prom, asks capacity") continue;
    std::printf("%-18s throughput %.3fx (median of rounds %.3fx)  cpu %+.1f us/req\n", m.name.c_str(),
                m.per_second() / asking.per_second(), median_ratio(m, asking), m.cpu_micros() - asking.cpu_micros());
  }
  if (counting_span::total_told == 0) die("the tracer was told nothing");
  (void)plain.delete_table({.table_name = table});
  return 0;
}

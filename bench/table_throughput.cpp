// The table layer against DynamoDB Local, each measured in the same run as its baselines:
//  1. batch write of N items of ~200 bytes at concurrency C: table<item>::put_all, a
//     hand-written loop of low-level BatchWriteItem calls on C threads, and the physical
//     limit (C blocking sockets sending pre-built signed BatchWriteItem bytes); put_all and
//     the loop both with and without ReturnConsumedCapacity (DynamoDB Local is slower with);
//  2. Query of one partition and Scan of the table, page by page: the range API
//     (table::query/scan items()), the low-level pagination loop, and the physical limit
//     (one socket replaying the pre-built requests of every page);
//  3. RSS of a parallel scan of the whole table into a slow consumer, at a tenth of the
//     table and at its end: it must not grow with the table.
//   bench_table_throughput --endpoint http://127.0.0.1:8000 [--items 100000] [--concurrency 16] [--rounds 2]
//                          [--only rss|write|read|put_all]
//   --only put_all runs put_all alone (for a profiler), without its baselines.
#include <ddbkit/client.hpp>
#include <ddbkit/model/serialization.hpp>
#include <ddbkit/table/table.hpp>

#include "raw_socket.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace ddbkit;
using bench::die;
using clock_type = std::chrono::steady_clock;

constexpr int write_partitions = 100;
constexpr int query_partition_items = 20'000;
constexpr int page_size = 1000;

/// ~200 bytes by DynamoDB's size rules.
item item_of(int i) {
  return {{"pk", "w" + std::to_string(i % write_partitions)},
          {"sk", number(i)},
          {"name", "Ada Lovelace"},
          {"tags", attribute_value::string_set{"alpha", "beta", "gamma"}},
          {"note", std::string(130, 'x')}};
}

double seconds_since(clock_type::time_point t0) { return std::chrono::duration<double>(clock_type::now() - t0).count(); }

/// Runs `work(t)` on `threads` threads and returns the seconds it took.
double on_threads(int threads, const std::function<void(int)>& work) {
  const auto t0 = clock_type::now();
  std::vector<std::thread> all;
  for (int t = 0; t < threads; ++t) all.emplace_back(work, t);
  for (auto& t : all) t.join();
  return seconds_since(t0);
}

std::vector<batch_write_item_input> batch_inputs(const std::string& table, const std::vector<item>& items) {
  std::vector<batch_write_item_input> out;
  for (std::size_t i = 0; i < items.size(); i += 25) {
    batch_write_item_input in;
    for (std::size_t j = i; j < std::min(items.size(), i + 25); ++j) {
      in.request_items[table].push_back(write_request::put(items[j]));
    }
    out.push_back(std::move(in));
  }
  return out;
}

long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::atol(line.c_str() + 6);
  }
  return 0;
}

struct modes {
  std::map<std::string, double> seconds;
  std::map<std::string, double> cpu;
};

void print_ratios(const char* what, double units, const char* unit, const modes& m, const std::string& baseline) {
  std::printf("%s\n", what);
  for (const auto& [mode, s] : m.seconds) {
    std::printf("  %-16s %9.0f %s/s  cpu %6.2f s   %5.3fx %s\n", mode.c_str(), units / s, unit, m.cpu.at(mode),
                m.seconds.at(baseline) / s, baseline.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string endpoint_url;
  int item_count = 100'000;
  int concurrency = 16;
  int rounds = 2;
  std::string only;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--endpoint") endpoint_url = argv[i + 1];
    else if (flag == "--items") item_count = std::atoi(argv[i + 1]);
    else if (flag == "--concurrency") concurrency = std::atoi(argv[i + 1]);
    else if (flag == "--rounds") rounds = std::atoi(argv[i + 1]);
    else if (flag == "--only") only = argv[i + 1];
  }
  auto section = [&](const char* name) { return only.empty() || only == name; };
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures as they come
  if (endpoint_url.empty()) {
    std::fprintf(stderr, "usage: %s --endpoint URL [--items N] [--concurrency C] [--rounds R]\n", argv[0]);
    return 2;
  }
  auto options = client_options::local();
  options.endpoint = endpoint_url;
  options.io_threads = 2;
  auto made = client::create(options);
  if (!made) die("client: " + std::string(made.error().message()));
  auto& ddb = *made;
  const auto ep = *http::endpoint::parse(endpoint_url);

  const std::string name = "bench-table-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  create_table_input create{.table_name = name, .billing_mode = billing_mode::pay_per_request};
  create.attribute_definitions = {{.attribute_name = "pk", .attribute_type = scalar_attribute_type::s},
                                  {.attribute_name = "sk", .attribute_type = scalar_attribute_type::n}};
  create.key_schema = {{.attribute_name = "pk", .key_type = key_type::hash}, {.attribute_name = "sk", .key_type = key_type::range}};
  if (!ddb.create_table(create)) die("create table failed");
  (void)ddb.wait_until_active(name);
  const table_schema schema{.keys = {.partition = "pk", .sort = "sk"}, .indexes = {}};
  table<item> t(ddb, name, schema);

  // ---- 3 first, while the process is small: load the table chunk by chunk, then scan ----
  if (only != "put_all") std::printf("loading %d items...\n", item_count);
  if (only != "put_all") on_threads(concurrency, [&](int th) {
    for (int first = th * 25; first < item_count; first += concurrency * 25) {
      batch_write_item_input in;
      for (int j = first; j < std::min(item_count, first + 25); ++j) in.request_items[name].push_back(write_request::put(item_of(j)));
      while (!in.request_items.empty()) {
        auto out = ddb.batch_write_item(in);
        if (!out) die("load: " + std::string(out.error().message()));
        in.request_items = std::move(out->unprocessed_items);
      }
    }
  });
  if (section("rss")) {
    const long before = rss_kib();
    long at_tenth = 0, peak = before;
    std::atomic<long> seen{0};
    auto totals = t.scan_parallel({.page_size = 500}, {.total_segments = 8, .concurrency = 4, .buffered_pages = 4},
                                  [&](item&&) {
                                    const long n = ++seen;
                                    std::this_thread::sleep_for(std::chrono::microseconds(20));  // the slow consumer
                                    if (n % 1000 == 0) {
                                      peak = std::max(peak, rss_kib());
                                      if (n == item_count / 10) at_tenth = peak;
                                    }
                                  });
    if (!totals) die("parallel scan: " + std::string(totals.error().message()));
    std::printf("parallel scan of %ld items (8 segments, 4 at once, 4 pages of 500 ahead) into a slow consumer:\n"
                "  RSS growth %.1f MiB after a tenth of the table, %.1f MiB at its end (table ~%.0f MiB on the wire)\n",
                seen.load(), static_cast<double>(at_tenth - before) / 1024, static_cast<double>(peak - before) / 1024,
                item_count * 200.0 / 1048576);
  }

  // ---- 1. batch write ----
  if (section("write") || only == "put_all") {
  std::vector<item> items;
  items.reserve(static_cast<std::size_t>(item_count));
  for (int i = 0; i < item_count; ++i) items.push_back(item_of(i));
  const auto inputs = batch_inputs(name, items);
  std::vector<std::string> wire;
  for (const auto& in : inputs) wire.push_back(bench::prebuilt_request(ep, "BatchWriteItem", *serialize(in)));
  // put_all asks each request for its consumed capacity by default (the report sums it), and
  // DynamoDB Local takes noticeably longer to answer such a request: each put_all is compared
  // with a loop that asks the same, so the ratio is ddbkit's cost, not the server's.
  auto low_level_loop = [&](bool capacity) {
    return on_threads(concurrency, [&](int th) {
      for (std::size_t i = static_cast<std::size_t>(th); i < inputs.size(); i += static_cast<std::size_t>(concurrency)) {
        batch_write_item_input in = inputs[i];
        if (capacity) in.return_consumed_capacity = return_consumed_capacity::total;
        while (!in.request_items.empty()) {
          auto out = ddb.batch_write_item(in);
          if (!out) die("low-level: " + std::string(out.error().message()));
          in.request_items = std::move(out->unprocessed_items);
        }
      }
    });
  };
  modes write;
  auto timed = [&](const std::string& mode, const std::function<double()>& run) {
    const double cpu0 = bench::cpu_seconds();
    write.seconds[mode] += run();
    write.cpu[mode] += bench::cpu_seconds() - cpu0;
  };
  auto put_all = [&](bool capacity) {
    const auto t0 = clock_type::now();
    auto report = t.put_all(items, {.concurrency = static_cast<std::size_t>(concurrency), .consumed_capacity = capacity});
    if (!report || !report->complete()) die("put_all did not write everything");
    return seconds_since(t0);
  };
  std::vector<std::pair<std::string, std::function<double()>>> runs;
  if (only != "put_all") {
    runs.emplace_back("ceiling", [&] {
      return on_threads(concurrency, [&](int th) {
        bench::raw_connection raw(ep);
        for (std::size_t i = static_cast<std::size_t>(th); i < wire.size(); i += static_cast<std::size_t>(concurrency)) {
          if (!raw.exchange(wire[i])) die("ceiling: a request failed");
        }
      });
    });
    runs.emplace_back("loop", [&] { return low_level_loop(false); });
    runs.emplace_back("loop, capacity", [&] { return low_level_loop(true); });
    runs.emplace_back("put_all, no cap.", [&] { return put_all(false); });
  }
  runs.emplace_back("put_all", [&] { return put_all(true); });
  for (int r = 0; r < rounds; ++r) {
    // Every other round in reverse order: DynamoDB Local slows down as it runs (its garbage
    // collector), which would otherwise always fall on the same modes.
    for (std::size_t k = 0; k < runs.size(); ++k) {
      const auto& [mode, run] = runs[r % 2 == 0 ? k : runs.size() - 1 - k];
      timed(mode, run);
    }
  }
  std::printf("\nbatch write, %d items of ~200 bytes, concurrency %d, %d rounds:\n", item_count, concurrency, rounds);
  const double n = static_cast<double>(item_count) * rounds;
  if (only == "put_all") {
    print_ratios("  alone", n, "items", write, "put_all");
  } else {
    print_ratios("  vs the physical limit", n, "items", write, "ceiling");
    std::printf("  put_all vs the hand-written loop of low-level BatchWriteItem calls:\n"
                "    without consumed capacity (batch_write_options::consumed_capacity = false): %.3fx\n"
                "    both asking ReturnConsumedCapacity TOTAL (put_all's default):            %.3fx\n",
                write.seconds.at("loop") / write.seconds.at("put_all, no cap."),
                write.seconds.at("loop, capacity") / write.seconds.at("put_all"));
  }
  }
  if (!section("read")) {
    (void)ddb.delete_table({.table_name = name});
    return 0;
  }

  // ---- 2. query and scan, page by page ----
  std::printf("\nloading a partition of %d items for the query...\n", query_partition_items);
  std::vector<item> partition;
  for (int i = 0; i < query_partition_items; ++i) {
    auto one = item_of(i);
    one["pk"] = "q";
    partition.push_back(std::move(one));
  }
  if (auto loaded = t.put_all(partition, {.concurrency = 8}); !loaded || !loaded->complete()) die("query load failed");

  const query_request range_query{.key_condition = expr::key("pk") == "q", .page_size = page_size};
  query_input low_query{.table_name = name, .limit = page_size, .key_condition_expression = "pk = :p",
                        .expression_attribute_values = {{":p", "q"}}};
  const scan_request range_scan{.page_size = page_size};
  scan_input low_scan{.table_name = name, .limit = page_size};

  // The physical limit replays the very requests of every page (recorded from a first pass).
  auto record = [&](auto in, const char* operation) {
    std::vector<std::string> pages;
    for (;;) {
      pages.push_back(bench::prebuilt_request(ep, operation, *serialize(in)));
      auto out = [&] {
        if constexpr (std::same_as<decltype(in), query_input>) return ddb.query(in);
        else return ddb.scan(in);
      }();
      if (!out) die("record: " + std::string(out.error().message()));
      if (!out->last_evaluated_key) return pages;
      in.exclusive_start_key = out->last_evaluated_key;
    }
  };
  const auto query_wire = record(low_query, "Query");
  const auto scan_wire = record(low_scan, "Scan");

  modes query_modes, scan_modes;
  long counted = 0;
  for (int r = 0; r < rounds; ++r) {
    for (auto* m : {&query_modes, &scan_modes}) {
      const bool is_query = m == &query_modes;
      double cpu0 = bench::cpu_seconds();
      auto t0 = clock_type::now();
      {
        bench::raw_connection raw(ep);
        for (const auto& w : is_query ? query_wire : scan_wire) {
          if (!raw.exchange(w)) die("ceiling read failed");
        }
      }
      m->seconds["ceiling"] += seconds_since(t0);
      m->cpu["ceiling"] += bench::cpu_seconds() - cpu0;

      cpu0 = bench::cpu_seconds();
      t0 = clock_type::now();
      std::optional<item> start;
      do {
        auto out = [&] {
          if (is_query) {
            auto in = low_query;
            in.exclusive_start_key = std::move(start);
            return ddb.query(in);
          }
          auto in = low_scan;
          in.exclusive_start_key = std::move(start);
          return ddb.scan(in);
        }();
        if (!out) die("low-level read: " + std::string(out.error().message()));
        counted += static_cast<long>(out->items.size());
        start = std::move(out->last_evaluated_key);
      } while (start);
      m->seconds["low-level loop"] += seconds_since(t0);
      m->cpu["low-level loop"] += bench::cpu_seconds() - cpu0;

      cpu0 = bench::cpu_seconds();
      t0 = clock_type::now();
      auto reader = is_query ? t.query(range_query) : t.scan(range_scan);
      for (auto& i : reader.items()) {
        if (!i) die("range read: " + std::string(i.error().message()));
        ++counted;
      }
      m->seconds["range API"] += seconds_since(t0);
      m->cpu["range API"] += bench::cpu_seconds() - cpu0;
    }
  }
  const double scanned = static_cast<double>(item_count + query_partition_items);
  std::printf("\nreads, pages of %d items, %d rounds (%ld items counted):\n", page_size, rounds, counted);
  print_ratios("  Query of one partition vs the physical limit", query_partition_items * rounds, "items", query_modes, "ceiling");
  print_ratios("  Query vs the low-level pagination loop", query_partition_items * rounds, "items", query_modes, "low-level loop");
  print_ratios("  Scan of the table vs the physical limit", scanned * rounds, "items", scan_modes, "ceiling");
  print_ratios("  Scan vs the low-level pagination loop", scanned * rounds, "items", scan_modes, "low-level loop");

  (void)ddb.delete_table({.table_name = name});
  return 0;
}

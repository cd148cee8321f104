// A day in the life of a client on a bad network, with the client's default options:
// 20,000 PutItems, 200 BatchWriteItems of 25, 20,000 GetItems, a paginated Query of every
// partition and a paginated Scan, all through the fault-injection proxy while it throttles
// 30 % of requests, answers 5 % with a 5xx, resets 2 % of connections before forwarding
// and 1 % after the request was applied, and leaves half of every other batch unprocessed.
// Nothing may be lost or applied twice: every item is read back exactly once, through the
// proxy and directly. What the client's observer saw must add up to what the proxy did,
// request for request.
#include "integration/fixture.hpp"

#include <ddbkit/observer.hpp>
#include <ddbkit/testkit/fault_proxy.hpp>

#include "soak/mixed_faults.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace ddbkit::testing {
namespace {

using testkit::fault_action;
using testkit::fault_kind;

constexpr int put_count = 20'000;
constexpr int put_partitions = 100;
constexpr int batch_count = 200;
constexpr int batch_size = 25;  // DynamoDB's maximum per BatchWriteItem
constexpr int batch_partitions = 20;
constexpr int worker_count = 32;
/// A call that fails after its retries (the defaults allow 3 transient failures) is sent
/// again by the application, as a real one would; never more often than this.
constexpr int application_attempts = 5;

/// What the client's observer saw: requests by outcome, and calls that failed.
class tally final : public observer {
 public:
  void on_attempt(const call_info&, const attempt_info& a) override {
    ++requests;
    if (!a.error) {
      ++succeeded;
      return;
    }
    switch (a.error->code()) {
      case error_code::throttled: ++throttled; break;
      case error_code::internal_server_error:
      case error_code::service_unavailable: ++server_errors; break;
      case error_code::network: ++network; break;
      default: ++other; break;
    }
  }
  void on_call_end(const call_info&, const call_result& r) override {
    ++calls;
    int seen = most_attempts.load();
    while (r.attempts > seen && !most_attempts.compare_exchange_weak(seen, r.attempts)) {
    }
    if (r.error) ++failed_calls;
  }

  std::atomic<std::uint64_t> requests{0}, succeeded{0}, throttled{0}, server_errors{0}, network{0}, other{0};
  std::atomic<std::uint64_t> calls{0}, failed_calls{0};
  std::atomic<int> most_attempts{0};
};

/// The proxy's seed: fixed, so a failure can be replayed; DDBKIT_SOAK_SEED explores others.
std::uint64_t soak_seed() {
  const char* text = std::getenv("DDBKIT_SOAK_SEED");
  return text && *text ? std::strtoull(text, nullptr, 10) : 20261202;
}

item put_item_of(int i) {
  return {{"pk", "p" + std::to_string(i % put_partitions)}, {"sk", number(i)}, {"kind", "put"}};
}
item batch_item_of(int b, int j) {
  const int n = b * batch_size + j;
  return {{"pk", "b" + std::to_string(n % batch_partitions)}, {"sk", number(n)}, {"kind", "batch"}};
}
std::string identity(const item& i) { return *i.at("pk").as_s() + "/" + i.at("sk").as_n()->text(); }

class soak : public local_table_test {};

TEST_F(soak, every_call_finishes_and_every_item_is_read_back_once_through_mixed_faults) {
  const auto table = make_table(/*with_sort_key=*/true);
  auto started = testkit::fault_proxy::start({.upstream = *local_endpoint(), .seed = soak_seed(), .rules = mixed_faults()});
  ASSERT_TRUE(started) << started.error();
  auto& proxy = *started;

  auto seen = std::make_shared<tally>();
  auto options = local_options(proxy.endpoint());  // the defaults: retry budgets, quota, breaker
  options.observers.push_back(seen);
  auto made = client::create(std::move(options));
  ASSERT_TRUE(made) << made.error();
  auto& via_proxy = *made;

  std::atomic<int> given_up{0}, resent{0};
  std::mutex error_mutex;
  std::map<std::string, int> failure_codes;
  /// Runs `call` until it succeeds, at most application_attempts times.
  auto until_done = [&](const std::function<result<void>()>& call) {
    for (int i = 0; i < application_attempts; ++i) {
      auto r = call();
      if (r) return true;
      ++resent;
      std::lock_guard lock(error_mutex);
      ++failure_codes[std::string(to_string(r.error().code()))];
    }
    ++given_up;
    return false;
  };
  auto in_parallel = [](const std::function<void(int)>& work) {
    std::vector<std::thread> workers;
    for (int w = 0; w < worker_count; ++w) workers.emplace_back(work, w);
    for (auto& t : workers) t.join();
  };

  const auto begin = std::chrono::steady_clock::now();
  std::atomic<int> batch_calls{0};
  // ---- writes ----
  in_parallel([&](int w) {
    for (int b = w; b < batch_count; b += worker_count) {
      batch_write_item_input in;
      for (int j = 0; j < batch_size; ++j) in.request_items[table].push_back(write_request::put(batch_item_of(b, j)));
      // Unprocessed items are sent again until none is left. A partial answer leaves at
      // least one item of every batch (even of one item) unprocessed, and half of the
      // answers are partial: a batch takes ~6 rounds, 200 bound it with certainty.
      for (int round = 0; round < 200 && !in.request_items.empty(); ++round) {
        ++batch_calls;
        batch_write_item_output out;
        if (!until_done([&]() -> result<void> {
              auto r = via_proxy.batch_write_item(in);
              if (!r) return std::unexpected(r.error());
              out = std::move(*r);
              return {};
            })) {
          return;
        }
        in.request_items = std::move(out.unprocessed_items);
      }
      if (!in.request_items.empty()) ++given_up;
    }
    for (int i = w; i < put_count; i += worker_count) {
      until_done([&]() -> result<void> {
        auto r = via_proxy.put_item({.table_name = table, .item = put_item_of(i)});
        return r ? result<void>{} : std::unexpected(r.error());
      });
    }
  });
  // ---- point reads ----
  std::atomic<int> missing{0};
  in_parallel([&](int w) {
    for (int i = w; i < put_count; i += worker_count) {
      const auto wanted = put_item_of(i);
      until_done([&]() -> result<void> {
        auto r = via_proxy.get_item(
            {.table_name = table, .key = {{"pk", wanted.at("pk")}, {"sk", wanted.at("sk")}}, .consistent_read = true});
        if (!r) return std::unexpected(r.error());
        if (!r->item || *r->item != wanted) ++missing;
        return {};
      });
    }
  });
  // ---- paginated Query of every partition, and a paginated Scan ----
  std::mutex read_mutex;
  std::map<std::string, int> queried;
  in_parallel([&](int w) {
    for (int p = w; p < put_partitions + batch_partitions; p += worker_count) {
      const std::string pk = p < put_partitions ? "p" + std::to_string(p) : "b" + std::to_string(p - put_partitions);
      std::optional<item> start;
      for (int page = 0; page < 1000; ++page) {
        query_output out;
        until_done([&]() -> result<void> {
          auto r = via_proxy.query({.table_name = table, .limit = 60, .consistent_read = true,
                                    .key_condition_expression = "pk = :p", .expression_attribute_values = {{":p", pk}},
                                    .exclusive_start_key = start});
          if (!r) return std::unexpected(r.error());
          out = std::move(*r);
          return {};
        });
        {
          std::lock_guard lock(read_mutex);
          for (const auto& found : out.items) ++queried[identity(found)];
        }
        if (!out.last_evaluated_key) break;
        start = std::move(out.last_evaluated_key);
      }
    }
  });
  std::map<std::string, int> scanned;
  std::optional<item> scan_start;
  for (int page = 0; page < 10'000; ++page) {
    scan_output out;
    ASSERT_TRUE(until_done([&]() -> result<void> {
      auto r = via_proxy.scan({.table_name = table, .limit = 500, .consistent_read = true,
                               .exclusive_start_key = scan_start});
      if (!r) return std::unexpected(r.error());
      out = std::move(*r);
      return {};
    }));
    for (const auto& found : out.items) ++scanned[identity(found)];
    if (!out.last_evaluated_key) break;
    scan_start = std::move(out.last_evaluated_key);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();

  EXPECT_EQ(given_up.load(), 0);
  EXPECT_EQ(missing.load(), 0);

  // Every item exactly once, through the proxy (query, scan) and directly (scan).
  std::map<std::string, int> expected;
  for (int i = 0; i < put_count; ++i) expected[identity(put_item_of(i))] = 1;
  for (int b = 0; b < batch_count; ++b) {
    for (int j = 0; j < batch_size; ++j) expected[identity(batch_item_of(b, j))] = 1;
  }
  EXPECT_TRUE(queried == expected) << "query saw " << queried.size() << " distinct items of " << expected.size();
  EXPECT_TRUE(scanned == expected) << "scan saw " << scanned.size() << " distinct items of " << expected.size();
  std::map<std::string, int> direct;
  std::optional<item> start_key;
  for (int page = 0; page < 1000; ++page) {
    auto out = ddb->scan({.table_name = table, .consistent_read = true, .exclusive_start_key = start_key});
    ASSERT_TRUE(out) << out.error();
    for (const auto& found : out->items) ++direct[identity(found)];
    if (!out->last_evaluated_key) break;
    start_key = std::move(out->last_evaluated_key);
  }
  EXPECT_TRUE(direct == expected) << "the table holds " << direct.size() << " distinct items of " << expected.size();

  // The requests the observer counted are the requests the proxy received, outcome by
  // outcome; a call that failed had spent a budget (max_attempts on throttles, or the
  // transient budget), never anything else.
  const auto stats = proxy.stats().total;
  const auto injected = [&](fault_kind k) { return stats.injected_of(k); };
  EXPECT_EQ(stats.upstream_failures, 0u);
  EXPECT_EQ(seen->requests.load(), stats.requests);
  EXPECT_EQ(seen->throttled.load(), injected(fault_kind::throttle) + injected(fault_kind::throttling));
  EXPECT_EQ(seen->server_errors.load(), injected(fault_kind::internal_error) + injected(fault_kind::service_unavailable));
  EXPECT_EQ(seen->network.load(), injected(fault_kind::reset_before) + injected(fault_kind::reset_after));
  EXPECT_EQ(seen->other.load(), 0u);
  // Every request the proxy did not fail succeeded (a partial batch of one item is
  // answered by the proxy alone, so successes may exceed what was forwarded).
  EXPECT_EQ(seen->succeeded.load(), stats.requests - seen->throttled - seen->server_errors - seen->network);
  EXPECT_LE(stats.forwarded - injected(fault_kind::reset_after), seen->succeeded.load());
  EXPECT_EQ(seen->failed_calls.load(), static_cast<std::uint64_t>(resent.load()));
  for (const auto& [code, n] : failure_codes) {
    EXPECT_TRUE(code == "throttled" || code == "internal_server_error" || code == "service_unavailable" ||
                code == "network")
        << n << " calls failed with " << code;
  }
  EXPECT_GT(injected(fault_kind::partial_batch), 0u);
  const auto rate = [&](std::uint64_t n) { return static_cast<double>(n) / static_cast<double>(stats.requests); };
  EXPECT_NEAR(rate(seen->throttled), 0.30, 0.03);
  EXPECT_NEAR(rate(seen->server_errors), 0.05, 0.02);
  EXPECT_NEAR(rate(seen->network), 0.03, 0.02);

  std::printf("soak (seed %llu, default options): %llu calls (%d batch writes) in %.1f s; %llu requests: %llu throttled, "
              "%llu 5xx, %llu reset, %llu partial batches, %llu succeeded; %d calls spent their retries and were sent "
              "again by the test; at most %d requests for one call\n",
              static_cast<unsigned long long>(soak_seed()), static_cast<unsigned long long>(seen->calls.load()),
              batch_calls.load(), seconds, static_cast<unsigned long long>(stats.requests),
              static_cast<unsigned long long>(seen->throttled.load()),
              static_cast<unsigned long long>(seen->server_errors.load()),
              static_cast<unsigned long long>(seen->network.load()),
              static_cast<unsigned long long>(injected(fault_kind::partial_batch)),
              static_cast<unsigned long long>(seen->succeeded.load()), resent.load(), seen->most_attempts.load());
}

}  // namespace
}  // namespace ddbkit::testing

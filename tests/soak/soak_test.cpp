// 20,000 PutItems and 200 BatchWriteItems of 25 items go through the fault-injection proxy
// while it throttles 30 % of requests, answers 5 % with a 5xx and resets 2 % of connections
// (half before forwarding, half after the write was applied). The retry layer must bring
// every item home exactly once, and what the client's attempt hook saw must add up to what
// the proxy injected, request for request.
#include "integration/fixture.hpp"

#include <ddbkit/attempt_info.hpp>
#include <ddbkit/testkit/fault_proxy.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
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
constexpr int batch_count = 200;
constexpr int batch_size = 25;  // DynamoDB's maximum per BatchWriteItem
constexpr int worker_count = 16;

/// What the client's attempt hook saw, by outcome.
struct attempt_tally {
  std::atomic<std::uint64_t> total{0}, succeeded{0}, throttled{0}, server_errors{0}, network{0}, other{0};
  std::atomic<int> most_attempts{0};

  void record(const attempt_info& a) {
    ++total;
    int seen = most_attempts.load();
    while (a.attempt > seen && !most_attempts.compare_exchange_weak(seen, a.attempt)) {
    }
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
};

/// The faults of the issue, for every operation; each rule owns its slice of one seeded draw
/// per request, so the rates are exact in expectation and the run is repeatable.
std::vector<testkit::fault_rule> soak_faults() {
  return {{.action = fault_action::of(fault_kind::throttle), .probability = 0.15},
          {.action = fault_action::of(fault_kind::throttling), .probability = 0.15},
          {.action = fault_action::of(fault_kind::internal_error), .probability = 0.025},
          {.action = fault_action::of(fault_kind::service_unavailable), .probability = 0.025},
          {.action = fault_action::of(fault_kind::reset_before), .probability = 0.01},
          {.action = fault_action::of(fault_kind::reset_after), .probability = 0.01}};
}

/// The proxy's seed: fixed, so a failure can be replayed; DDBKIT_SOAK_SEED explores others.
std::uint64_t soak_seed() {
  const char* text = std::getenv("DDBKIT_SOAK_SEED");
  return text && *text ? std::strtoull(text, nullptr, 10) : 20261125;
}

std::string put_key(int i) { return "put-" + std::to_string(i); }
std::string batch_key(int batch, int j) { return "batch-" + std::to_string(batch * batch_size + j); }

class soak : public local_table_test {};

TEST_F(soak, writes_through_throttles_5xx_and_resets_land_exactly_once) {
  const auto table = make_table(/*with_sort_key=*/false);
  auto started = testkit::fault_proxy::start({.upstream = *local_endpoint(), .seed = soak_seed(), .rules = soak_faults()});
  ASSERT_TRUE(started) << started.error();
  auto& proxy = *started;

  attempt_tally tally;
  auto options = local_options(proxy.endpoint());
  options.io_threads = 2;
  // Enough attempts that a run of failures (37 % each) never exhausts a call: 0.37^25 per
  // call. Short waits keep the run under two minutes; the waits' bounds are unit-tested.
  options.retry.max_attempts = 25;
  options.retry.max_transient_attempts = 25;
  options.retry.base_delay = std::chrono::milliseconds(1);
  options.retry.max_delay = std::chrono::milliseconds(20);
  // The quota and the breaker exist to give up on a sick endpoint; this one is sick on
  // purpose, and the test is about not losing writes. Both are unit-tested on their own.
  options.retry.retry_quota = false;
  options.circuit_breaker.enabled = false;
  options.on_attempt = [&tally](const attempt_info& a) { tally.record(a); };
  auto made = client::create(std::move(options));
  ASSERT_TRUE(made) << made.error();
  auto& via_proxy = *made;

  std::atomic<int> failed_calls{0}, batch_calls{0};
  std::mutex first_error_mutex;
  std::string first_error;
  auto note_failure = [&](const error& e) {
    ++failed_calls;
    std::lock_guard lock(first_error_mutex);
    if (first_error.empty()) {
      std::ostringstream text;
      text << e;
      first_error = text.str();
    }
  };

  const auto begin = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int w = 0; w < worker_count; ++w) {
    workers.emplace_back([&, w] {
      for (int b = w; b < batch_count; b += worker_count) {
        batch_write_item_input in;
        auto& writes = in.request_items[table];
        for (int j = 0; j < batch_size; ++j) writes.push_back(write_request::put({{"pk", batch_key(b, j)}, {"kind", "batch"}}));
        // DynamoDB may leave part of a batch unprocessed; resend the rest, a bounded number of times.
        for (int round = 0; round < 20 && !in.request_items.empty(); ++round) {
          ++batch_calls;
          auto out = via_proxy.batch_write_item(in);
          if (!out) {
            note_failure(out.error());
            break;
          }
          in.request_items = std::move(out->unprocessed_items);
        }
        if (!in.request_items.empty()) ++failed_calls;
      }
      for (int i = w; i < put_count; i += worker_count) {
        auto out = via_proxy.put_item({.table_name = table, .item = {{"pk", put_key(i)}, {"kind", "put"}}});
        if (!out) note_failure(out.error());
      }
    });
  }
  for (auto& t : workers) t.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();

  ASSERT_EQ(failed_calls.load(), 0) << "first failure: " << first_error;

  // Every item exactly once: read the table back directly, not through the proxy.
  std::map<std::string, int> seen;
  std::optional<item> start_key;
  for (int page = 0; page < 1000; ++page) {
    auto out = ddb->scan({.table_name = table, .consistent_read = true, .exclusive_start_key = start_key});
    ASSERT_TRUE(out) << out.error();
    for (const auto& found : out->items) {
      const auto* pk = found.at("pk").as_s();
      ASSERT_NE(pk, nullptr);
      ++seen[*pk];
    }
    if (!out->last_evaluated_key) break;
    start_key = std::move(out->last_evaluated_key);
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(put_count + batch_count * batch_size));
  for (int i = 0; i < put_count; ++i) EXPECT_EQ(seen[put_key(i)], 1) << put_key(i);
  for (int b = 0; b < batch_count; ++b) {
    for (int j = 0; j < batch_size; ++j) EXPECT_EQ(seen[batch_key(b, j)], 1) << batch_key(b, j);
  }

  // The attempts the client counted are the requests the proxy received, outcome by outcome.
  const auto stats = proxy.stats().total;
  const auto injected = [&](fault_kind k) { return stats.injected_of(k); };
  EXPECT_EQ(stats.upstream_failures, 0u);
  EXPECT_EQ(tally.total.load(), stats.requests);
  EXPECT_EQ(tally.throttled.load(), injected(fault_kind::throttle) + injected(fault_kind::throttling));
  EXPECT_EQ(tally.server_errors.load(), injected(fault_kind::internal_error) + injected(fault_kind::service_unavailable));
  EXPECT_EQ(tally.network.load(), injected(fault_kind::reset_before) + injected(fault_kind::reset_after));
  EXPECT_EQ(tally.other.load(), 0u);
  EXPECT_EQ(tally.succeeded.load(), stats.forwarded - injected(fault_kind::reset_after));
  // One success per call: every call ended well, none was answered twice.
  EXPECT_EQ(tally.succeeded.load(), static_cast<std::uint64_t>(put_count + batch_calls.load()));

  // The injected mix is the one asked for (±3 points is over ten standard deviations here).
  const auto rate = [&](std::uint64_t n) { return static_cast<double>(n) / static_cast<double>(stats.requests); };
  EXPECT_NEAR(rate(tally.throttled), 0.30, 0.03);
  EXPECT_NEAR(rate(tally.server_errors), 0.05, 0.03);
  EXPECT_NEAR(rate(tally.network), 0.02, 0.03);
  EXPECT_GT(injected(fault_kind::reset_before), 0u);
  EXPECT_GT(injected(fault_kind::reset_after), 0u);

  std::printf("soak (seed %llu): %d puts + %d batch calls in %.1f s; %llu requests: %llu throttled, %llu 5xx, %llu reset, "
              "%llu succeeded; at most %d attempts for one call\n",
              static_cast<unsigned long long>(soak_seed()), put_count, batch_calls.load(), seconds, static_cast<unsigned long long>(stats.requests),
              static_cast<unsigned long long>(tally.throttled.load()),
              static_cast<unsigned long long>(tally.server_errors.load()),
              static_cast<unsigned long long>(tally.network.load()),
              static_cast<unsigned long long>(tally.succeeded.load()), tally.most_attempts.load());
}

}  // namespace
}  // namespace ddbkit::testing

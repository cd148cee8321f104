// Batches that never lose an item, proven through the fault-injection proxy with the
// client's default retry options: 100,000 items written by table<item>::put_all at
// concurrency 16 while the proxy throttles 30 % of requests, answers 5 % with a 5xx,
// resets 2 % of connections before forwarding and 1 % after, and leaves half of every other
// batch unprocessed — a direct scan then finds every item exactly once, or the report holds
// it. Then a batch read of 10,000 keys through 50 % partial answers: every key answered.
#include "integration/fixture.hpp"

#include <ddbkit/table/table.hpp>
#include <ddbkit/testkit/fault_proxy.hpp>

#include "soak/mixed_faults.hpp"

#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>

namespace ddbkit::testing {
namespace {

using testkit::fault_action;

constexpr int item_count = 100'000;
constexpr int partitions = 500;
constexpr int read_count = 10'000;

/// ~200 bytes.
item item_of(int i) {
  return {{"pk", "w" + std::to_string(i % partitions)}, {"sk", number(i)}, {"data", std::string(170, 'a' + i % 26)}};
}
std::string identity(const item& i) { return *i.at("pk").as_s() + "/" + i.at("sk").as_n()->text(); }

class batch_soak : public local_table_test {};

TEST_F(batch_soak, a_batch_write_and_a_batch_read_through_mixed_faults_lose_nothing) {
  const auto name = make_table(/*with_sort_key=*/true);
  auto started = testkit::fault_proxy::start({.upstream = *local_endpoint(), .seed = 20261202, .rules = mixed_faults()});
  ASSERT_TRUE(started) << started.error();
  auto& proxy = *started;
  auto made = client::create(local_options(proxy.endpoint()));  // default retry options
  ASSERT_TRUE(made) << made.error();
  const table_schema schema{.keys = {.partition = "pk", .sort = "sk"}, .indexes = {}};
  table<item> via_proxy(*made, name, schema);

  std::vector<item> items;
  items.reserve(item_count);
  for (int i = 0; i < item_count; ++i) items.push_back(item_of(i));
  const auto begin = std::chrono::steady_clock::now();
  auto report = via_proxy.put_all(items, {.concurrency = 16});
  const auto wrote = std::chrono::steady_clock::now();
  ASSERT_TRUE(report) << report.error();

  std::set<std::string> reported;
  std::map<std::string, int> reasons;
  for (const auto& failed : report->not_written) {
    reported.insert(identity(*failed.entry.request.put_item()));
    ++reasons[std::string(to_string(failed.reason.code()))];
  }
  EXPECT_EQ(report->written + report->not_written.size(), static_cast<std::size_t>(item_count));

  // Read everything back directly, not through the proxy.
  table<item> direct(*ddb, name, schema);
  std::map<std::string, int> found;
  auto all = direct.scan({.consistent_read = true});
  for (auto& i : all.items()) {
    ASSERT_TRUE(i) << i.error();
    ++found[identity(*i)];
  }
  int lost = 0, twice = 0;
  for (int i = 0; i < item_count; ++i) {
    const auto id = identity(items[i]);
    auto at = found.find(id);
    const int times = at == found.end() ? 0 : at->second;
    if (times > 1) ++twice;
    if (times == 0 && !reported.contains(id)) ++lost;
  }
  EXPECT_EQ(lost, 0) << "items neither written nor reported";
  EXPECT_EQ(twice, 0);
  EXPECT_EQ(found.size(), static_cast<std::size_t>(item_count) - (reported.size() - [&] {
              std::size_t written_all_the_same = 0;  // reported, but a reset hid a success
              for (const auto& id : reported) written_all_the_same += found.contains(id) ? 1 : 0;
              return written_all_the_same;
            }()))
      << "the scan found items that were never written";

  const auto stats = proxy.stats();
  std::string reason_text;
  for (const auto& [code, n] : reasons) reason_text += " " + code + "=" + std::to_string(n);
  std::printf("batch write: %d items, %zu written, %zu reported (%s ), %lld requests in %.1f s; proxy: %llu requests, "
              "%llu forwarded, %llu faults, %llu items held back\n",
              item_count, report->written, report->not_written.size(), reason_text.c_str(),
              static_cast<long long>(report->requests), std::chrono::duration<double>(wrote - begin).count(),
              static_cast<unsigned long long>(stats.total.requests), static_cast<unsigned long long>(stats.total.forwarded),
              static_cast<unsigned long long>(stats.total.injected_total()),
              static_cast<unsigned long long>(stats.total.held_back));

  // ---- batch read of 10,000 keys (some of them twice) through 50 % partial answers ----
  proxy.set_rules({{.operation = "BatchGetItem", .action = fault_action::partial(0.5), .probability = 0.5}});
  std::vector<key> keys;
  for (int i = 0; i < read_count; ++i) {
    const int n = (i * 7919) % item_count;
    keys.push_back({.partition = items[n].at("pk"), .sort = items[n].at("sk")});
  }
  auto got = via_proxy.get_all(keys, {.concurrency = 8, .consistent_read = true});
  ASSERT_TRUE(got) << got.error();
  EXPECT_TRUE(got->complete()) << got->not_read.size() << " keys not read, first: "
                               << (got->not_read.empty() ? "" : got->not_read[0].reason.message());
  std::set<std::size_t> not_read;  // reported as such (the check above fails for them)
  for (const auto& failed : got->not_read) not_read.insert(failed.index);
  int answered = 0, absent = 0;
  for (int i = 0; i < read_count; ++i) {
    const int n = (i * 7919) % item_count;
    if (not_read.contains(static_cast<std::size_t>(i))) continue;
    if (!got->items[i]) {
      // Absent is right only for an item the write reported as not written.
      EXPECT_TRUE(reported.contains(identity(items[n]))) << identity(items[n]);
      ++absent;
      continue;
    }
    EXPECT_EQ(*got->items[i], items[n]);
    ++answered;
  }
  EXPECT_EQ(answered + absent + static_cast<int>(not_read.size()), read_count);
  std::printf("batch read: %d keys, %d answered, %d absent, %lld requests\n", read_count, answered, absent,
              static_cast<long long>(got->requests));
}

}  // namespace
}  // namespace ddbkit::testing

// Write sharding against DynamoDB Local: items land in the shard their key names, a single
// item is read back with one GetItem, and a scatter-gather query returns every shard's
// items merged in sort key order, stopping at a limit.
#include "integration/fixture.hpp"

#include <ddbkit/observer.hpp>
#include <ddbkit/table/sharded.hpp>

#include <boost/describe/class.hpp>

#include <atomic>
#include <set>

namespace ddbkit::testing {
namespace {

struct event {
  std::string pk;
  std::int64_t sk = 0;
  std::string what;
};
BOOST_DESCRIBE_STRUCT(event, (), (pk, sk, what))

/// Counts the requests of the calls it is attached to.
struct request_counter : observer {
  void on_attempt(const call_info&, const attempt_info&) override { ++requests; }
  std::atomic<int> requests{0};
};

class sharded_local : public local_table_test {
 protected:
  static constexpr int shards = 8;

  void SetUp() override {
    local_table_test::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    name = make_table();
  }
  sharded_table<event> events(shard_choice choice) {
    return sharded_table<event>(table<event>(*ddb, name, {.keys = {.partition = "pk", .sort = "sk"}, .indexes = {}}),
                                {.format = {.shard_count = shards, .separator = "#SHARD#"},
                                 .choice = choice,
                                 .shard_attribute = "sk",
                                 .concurrency = 3,
                                 .random = {}});
  }
  std::vector<std::int64_t> sort_keys(sharded_reader<event> r) {
    std::vector<std::int64_t> out;
    for (auto& e : r.items()) {
      EXPECT_TRUE(e) << e.error();
      if (!e) break;
      EXPECT_EQ(e->pk, "feed") << "read back with its logical key";
      out.push_back(e->sk);
    }
    return out;
  }
  static std::vector<std::int64_t> range(std::int64_t from, std::int64_t to) {
    std::vector<std::int64_t> out;
    for (auto i = from; i < to; ++i) out.push_back(i);
    return out;
  }
  std::string name;
};

TEST_F(sharded_local, calculated_shards_spread_the_writes_and_get_reads_one_item) {
  auto t = events(shard_choice::calculated);
  for (std::int64_t i = 0; i < 60; ++i) {
    auto shard = t.put({.pk = "feed", .sk = i, .what = "e" + std::to_string(i)});
    ASSERT_TRUE(shard) << shard.error();
    EXPECT_EQ(*shard, *calculated_shard(number(i), shards));
  }
  // As stored: every item under the key of its calculated shard.
  auto stored = ddb->scan({.table_name = name});
  ASSERT_TRUE(stored) << stored.error();
  ASSERT_EQ(stored->items.size(), 60u);
  std::set<std::string> used;
  for (const auto& i : stored->items) {
    const auto sk = *i.at("sk").as_n()->to_int64();
    EXPECT_EQ(*i.at("pk").as_s(), shard_format{}.key("feed", *calculated_shard(number(sk), shards)));
    used.insert(*i.at("pk").as_s());
  }
  EXPECT_GE(used.size(), 6u) << "60 items over 8 shards";

  auto got = t.get({"feed", number(42)}, {.consistent_read = true});
  ASSERT_TRUE(got && *got) << "one GetItem finds the item";
  EXPECT_EQ((*got)->what, "e42");
  EXPECT_EQ((*got)->pk, "feed");
  EXPECT_FALSE(*t.get({"feed", number(1000)}));

  ASSERT_TRUE(t.remove({"feed", number(42)}));
  EXPECT_FALSE(*t.get({"feed", number(42)}, {.consistent_read = true}));
}

TEST_F(sharded_local, query_merges_all_shards_in_sort_key_order) {
  auto t = events(shard_choice::calculated);
  for (std::int64_t i = 0; i < 60; ++i) ASSERT_TRUE(t.put({.pk = "feed", .sk = i, .what = i % 10 == 0 ? "round" : "x"}));
  // Small pages: every shard is read in several requests.
  EXPECT_EQ(sort_keys(t.query("feed", {.consistent_read = true, .page_size = 2})), range(0, 60));
  auto descending = range(0, 60);
  std::ranges::reverse(descending);
  EXPECT_EQ(sort_keys(t.query("feed", {.consistent_read = true, .descending = true, .page_size = 3})), descending);
  EXPECT_EQ(sort_keys(t.query("feed", {.key_condition = expr::key("sk") >= number(50)})), range(50, 60));
  EXPECT_EQ(sort_keys(t.query("feed", {.filter = expr::path("what") == "round"})),
            (std::vector<std::int64_t>{0, 10, 20, 30, 40, 50}));
  EXPECT_TRUE(sort_keys(t.query("other")).empty());
}

TEST_F(sharded_local, a_limit_stops_the_reading_after_one_page_per_shard) {
  auto t = events(shard_choice::calculated);
  for (std::int64_t i = 0; i < 60; ++i) ASSERT_TRUE(t.put({.pk = "feed", .sk = i, .what = "x"}));
  auto counter = std::make_shared<request_counter>();
  query_request request;
  request.call.call_observer = counter;
  auto first = t.query("feed", request, {.limit = 5, .resume = {}, .prefetch = false}).collect();
  ASSERT_TRUE(first) << first.error();
  std::vector<std::int64_t> keys;
  for (const auto& e : *first) keys.push_back(e.sk);
  EXPECT_EQ(keys, range(0, 5));
  EXPECT_EQ(counter->requests.load(), shards) << "one page of at most 5 per shard holds the 5 first";
}

TEST_F(sharded_local, random_shards_are_all_read_back_by_the_query) {
  auto t = events(shard_choice::random);
  std::set<int> used;
  for (std::int64_t i = 0; i < 40; ++i) {
    auto shard = t.put({.pk = "feed", .sk = i, .what = "r"});
    ASSERT_TRUE(shard) << shard.error();
    used.insert(*shard);
  }
  EXPECT_GE(used.size(), 4u) << "40 random choices over 8 shards";
  EXPECT_EQ(sort_keys(t.query("feed", {.consistent_read = true})), range(0, 40));
  auto single = t.get({"feed", number(3)});
  ASSERT_FALSE(single);
  EXPECT_EQ(single.error().code(), error_code::validation);
}

}  // namespace
}  // namespace ddbkit::testing

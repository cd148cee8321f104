// Write sharding without a server: the stored key format and its round trip, the pinned
// calculated shard, and a scatter-gather query over a transport that answers each shard's
// pages (merge order, bounded concurrency, a limit that stops the reading).
#include <ddbkit/table/sharded.hpp>

#include "unit/table/answering_transport.hpp"
#include "unit/table/run_blocking.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/describe/class.hpp>
#include <boost/json.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace ddbkit {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using testing::answering_transport;

TEST(shard_format, default_key_is_base_hash_shard_hash_n) {
  const shard_format f;
  EXPECT_EQ(f.key("orders", 3), "orders#SHARD#3");
  EXPECT_EQ(f.parse("orders#SHARD#3"), (std::pair<std::string, int>("orders", 3)));
  const shard_format custom{.shard_count = 100, .separator = "~"};
  EXPECT_EQ(custom.key("a", 42), "a~42");
  EXPECT_EQ(custom.parse("x~y~42"), (std::pair<std::string, int>("x~y", 42))) << "the last separator counts";
}

TEST(shard_format, parse_refuses_what_key_never_writes) {
  const shard_format f{.shard_count = 10, .separator = "#SHARD#"};
  for (const char* text : {"orders", "orders#SHARD#", "orders#SHARD#10", "orders#SHARD#-1", "orders#SHARD#01",
                           "orders#SHARD#+1", "orders#SHARD#1x", "orders#SHARD# 1"}) {
    EXPECT_FALSE(f.parse(text)) << text;
  }
}

TEST(shard_format, validate_names_the_bad_setting) {
  EXPECT_TRUE(shard_format{}.validate());
  auto zero = shard_format{.shard_count = 0}.validate();
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().code(), error_code::validation);
  EXPECT_NE(std::string(zero.error().message()).find("shard_count"), std::string::npos);
  EXPECT_FALSE((shard_format{.shard_count = 100'001}.validate()));
  EXPECT_FALSE((shard_format{.shard_count = 4, .separator = ""}.validate()));
}

RC_GTEST_PROP(shard_format, key_and_base_shard_round_trip, (const std::string& base, unsigned raw)) {
  const shard_format f{.shard_count = static_cast<int>(raw % 1000) + 1, .separator = "#SHARD#"};
  const int shard = static_cast<int>(raw % static_cast<unsigned>(f.shard_count));
  const auto parsed = f.parse(f.key(base, shard));
  RC_ASSERT(parsed.has_value());
  RC_ASSERT(parsed->first == base);
  RC_ASSERT(parsed->second == shard);
}

RC_GTEST_PROP(shard_format, calculated_shard_is_in_range_and_stable, (const std::string& value, unsigned raw)) {
  const int count = static_cast<int>(raw % 500) + 1;
  const auto a = calculated_shard(value, count);
  RC_ASSERT(a.has_value());
  RC_ASSERT(*a >= 0 && *a < count);
  RC_ASSERT(*calculated_shard(attribute_value(value), count) == *a);
}

TEST(calculated_shard, is_fnv1a_64_of_the_bytes_pinned_forever) {
  // FNV-1a 64: "" = cbf29ce484222325, "a" = af63dc4c8601ec8c, "foobar" = 85944171f73967e8.
  EXPECT_EQ(*calculated_shard("", 1000), 0xcbf29ce484222325ULL % 1000);
  EXPECT_EQ(*calculated_shard("a", 1000), 996);
  EXPECT_EQ(*calculated_shard("foobar", 10), 8);
  EXPECT_EQ(*calculated_shard("order-42", 16), 4);
  EXPECT_EQ(*calculated_shard(bytes{0, 255, 7}, 1000), 861);
  // A number by its canonical text: 1.50 and 1.5 are one value, one shard.
  EXPECT_EQ(*calculated_shard(*number::parse("1.50"), 1000), 57);
  EXPECT_EQ(*calculated_shard(*number::parse("1.5"), 1000), 57);
  EXPECT_EQ(*calculated_shard("x", 1), 0);
}

TEST(calculated_shard, refuses_what_is_not_a_key_type) {
  auto b = calculated_shard(attribute_value(true), 4);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code(), error_code::validation);
  EXPECT_FALSE(calculated_shard(attribute_value::list({"a"}), 4));
  EXPECT_FALSE(calculated_shard("a", 0));
}

TEST(compare_key_values, orders_as_dynamodb_does) {
  using detail::compare_key_values;
  EXPECT_TRUE(compare_key_values("a", "b") < 0);
  EXPECT_TRUE(compare_key_values("Z", "a") < 0);
  EXPECT_TRUE(compare_key_values("z", "\xc3\xa9") < 0) << "UTF-8 bytes, unsigned";
  EXPECT_TRUE(compare_key_values(number(9), number(10)) < 0) << "numbers numerically, not as text";
  EXPECT_TRUE(compare_key_values(*number::parse("1.50"), *number::parse("1.5")) == 0);
  EXPECT_TRUE(compare_key_values(bytes{1, 2}, bytes{1, 255}) < 0);
}

TEST(random_shard, spreads_over_every_shard_and_stays_in_range) {
  EXPECT_EQ(detail::random_shard([] { return 0.0; }, 8), 0);
  EXPECT_EQ(detail::random_shard([] { return 0.999999; }, 8), 7);
  std::vector<int> seen(8);
  for (int i = 0; i < 4000; ++i) ++seen.at(static_cast<std::size_t>(detail::random_shard({}, 8)));
  for (int n : seen) EXPECT_GT(n, 300) << "a uniform choice puts about 500 in each";
}

struct event {
  std::string pk;
  std::int64_t at = 0;
  std::string what;
};
BOOST_DESCRIBE_STRUCT(event, (), (pk, at, what))

/// Shard s of "feed" holds the events at = s, s + shards, s + 2*shards, … (so the merged
/// order interleaves every shard), answered `page_size` per page with LastEvaluatedKey.
class sharded : public ::testing::Test {
 protected:
  static constexpr int shards = 6;
  static constexpr int per_shard = 5;
  static constexpr int page_size = 2;

  sharded()
      : transport(std::make_shared<answering_transport>(
            io.get_executor(), [this](std::string_view op, const std::string& body) { return answer(op, body); })) {
    ddb.emplace(*client::create(io.get_executor(), client_options::local(8000), transport));
  }

  std::pair<int, std::string> answer(std::string_view op, const std::string& body) {
    auto request = json::parse(body).as_object();
    {
      std::lock_guard lock(mutex);
      sent.push_back({std::string(op), request});
    }
    if (op != "Query") return {200, "{}"};
    int shard = -1;
    for (const auto& [name, value] : request.at("ExpressionAttributeValues").as_object()) {
      if (const auto* s = value.as_object().if_contains("S")) {
        auto parsed = shard_format{.shard_count = shards}.parse(std::string(s->as_string()));
        if (parsed && parsed->first == "feed") shard = parsed->second;
      }
    }
    std::int64_t after = -1;
    if (const auto* start = request.if_contains("ExclusiveStartKey")) {
      after = std::stoll(std::string(start->at("at").at("N").as_string()));
    }
    json::array items;
    std::optional<std::int64_t> last;
    for (int j = 0; j < per_shard && shard >= 0; ++j) {
      const std::int64_t at = shard + j * shards;
      if (at <= after) continue;
      if (static_cast<int>(items.size()) == page_size) {
        break;
      }
      items.push_back(json::object{{"pk", {{"S", shard_format{.shard_count = shards}.key("feed", shard)}}},
                                   {"at", {{"N", std::to_string(at)}}},
                                   {"what", {{"S", "e" + std::to_string(at)}}}});
      last = at;
    }
    const bool more = last && *last + shards < shard + per_shard * shards;
    json::object out{{"Items", items}, {"Count", items.size()}, {"ScannedCount", items.size()}};
    if (more) out["LastEvaluatedKey"] = json::object{{"pk", {{"S", "x"}}}, {"at", {{"N", std::to_string(*last)}}}};
    return {200, json::serialize(out)};
  }

  sharded_table<event> feed(shard_choice choice = shard_choice::calculated, std::size_t concurrency = 3) {
    return sharded_table<event>(
        table<event>(*ddb, "events", {.keys = {.partition = "pk", .sort = "at"}, .indexes = {}}),
        {.format = {.shard_count = shards, .separator = "#SHARD#"},
         .choice = choice,
         .shard_attribute = "at",
         .concurrency = concurrency,
         .random = [] { return 0.5; }});
  }
  template <class Fn>
  auto blocking(Fn fn) {
    return testing::run_blocking(io, std::move(fn));
  }
  std::size_t queries() {
    std::lock_guard lock(mutex);
    return static_cast<std::size_t>(std::ranges::count_if(sent, [](const auto& s) { return s.first == "Query"; }));
  }

  asio::io_context io;
  std::mutex mutex;
  std::vector<std::pair<std::string, json::object>> sent;
  std::shared_ptr<answering_transport> transport;
  std::optional<client> ddb;
};

TEST_F(sharded, put_writes_the_calculated_shard_key_and_get_reads_it_back_as_the_logical_key) {
  auto t = feed();
  auto shard = blocking([&] { return t.put({.pk = "feed", .at = 7, .what = "x"}); });
  ASSERT_TRUE(shard) << shard.error();
  EXPECT_EQ(*shard, *calculated_shard(number(7), shards));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].second.at("Item").at("pk").at("S").as_string(), "feed#SHARD#" + std::to_string(*shard));

  sent.clear();
  auto got = blocking([&] { return t.get({"feed", number(7)}); });
  ASSERT_TRUE(got) << got.error();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].second.at("Key").at("pk").at("S").as_string(), "feed#SHARD#" + std::to_string(*shard));
}

TEST_F(sharded, random_choice_uses_the_random_source_and_refuses_a_single_get) {
  auto t = feed(shard_choice::random);
  auto shard = blocking([&] { return t.put({.pk = "feed", .at = 7, .what = "x"}); });
  ASSERT_TRUE(shard);
  EXPECT_EQ(*shard, 3) << "0.5 of 6 shards";
  auto got = t.get({"feed", number(7)});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), error_code::validation);
  EXPECT_EQ(sent.size(), 1u) << "nothing sent for the refused get";
}

TEST_F(sharded, bad_input_is_refused_before_sending) {
  auto t = feed();
  auto no_shard_attribute = sharded_table<item>(table<item>(*ddb, "events", {.keys = {.partition = "pk", .sort = "at"}, .indexes = {}}),
                                                {.format = {}, .choice = shard_choice::calculated, .shard_attribute = "owner"});
  auto missing = no_shard_attribute.put(item{{"pk", "feed"}, {"at", number(1)}});
  ASSERT_FALSE(missing);
  EXPECT_NE(std::string(missing.error().message()).find("owner"), std::string::npos) << missing.error();
  auto not_s = no_shard_attribute.put(item{{"pk", number(5)}, {"at", number(1)}, {"owner", "a"}});
  ASSERT_FALSE(not_s);
  EXPECT_EQ(not_s.error().code(), error_code::validation);
  auto other_attribute = no_shard_attribute.get({"feed", number(1)});
  ASSERT_FALSE(other_attribute) << "the shard attribute is not the sort key: its value must be given";
  auto bad_format = sharded_table<event>(t.typed(), {.format = {.shard_count = 0}, .shard_attribute = "at"}).put({});
  ASSERT_FALSE(bad_format);
  auto resumed = t.query("feed", {}, {.limit = {}, .resume = cursor("events", "", std::nullopt, std::nullopt), .prefetch = false}).next();
  ASSERT_FALSE(resumed);
  EXPECT_EQ(resumed.error().code(), error_code::validation);
  EXPECT_TRUE(sent.empty());
}

TEST_F(sharded, query_merges_every_shard_in_sort_key_order_with_logical_keys) {
  auto t = feed();
  auto all = blocking([&] { return t.query("feed").collect(); });
  ASSERT_TRUE(all) << all.error();
  ASSERT_EQ(all->size(), static_cast<std::size_t>(shards * per_shard));
  for (std::size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*all)[i].at, static_cast<std::int64_t>(i));
    EXPECT_EQ((*all)[i].pk, "feed") << "the stored shard key is given back as the logical one";
  }
  EXPECT_EQ(queries(), static_cast<std::size_t>(shards * 3)) << "5 items per shard, 2 per page";
}

TEST_F(sharded, query_keeps_at_most_concurrency_shards_in_flight) {
  auto t = feed(shard_choice::calculated, 2);
  transport->hold();
  std::optional<result<std::vector<event>>> first;
  std::atomic<bool> done{false};
  std::thread reader([&] {
    first = t.query("feed").collect(1);
    done = true;
  });
  // Answer what is held, round after round, until the reader has its item (bounded: past
  // the deadline everything is let go, so the test fails instead of hanging).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!done) {
    io.run_for(std::chrono::milliseconds(2));
    io.restart();
    transport->release(std::chrono::steady_clock::now() < deadline);
  }
  reader.join();
  EXPECT_LT(std::chrono::steady_clock::now(), deadline);
  ASSERT_TRUE(first && *first) << (first ? first->error() : error(error_code::unknown, "no answer"));
  EXPECT_LE(transport->max_in_flight(), 2u);
  EXPECT_EQ(queries(), static_cast<std::size_t>(shards)) << "one first page per shard, nothing more for one item";
}

TEST_F(sharded, a_limit_stops_the_reading) {
  auto t = feed();
  auto some = blocking([&] {
    return t.query("feed", {}, {.limit = 4, .resume = {}, .prefetch = false}).collect();
  });
  ASSERT_TRUE(some) << some.error();
  ASSERT_EQ(some->size(), 4u);
  EXPECT_EQ(some->back().at, 3);
  EXPECT_EQ(queries(), static_cast<std::size_t>(shards)) << "the first pages hold enough";
  EXPECT_EQ(sent.front().second.at("Limit").as_int64(), 4) << "each shard is asked for no more than the limit";

  sent.clear();
  auto last = blocking([&] { return t.query("feed", {.key_condition = {}, .descending = true}).collect(1); });
  ASSERT_TRUE(last) << last.error();
  EXPECT_FALSE(sent.front().second.at("ScanIndexForward").as_bool()) << "every shard is read descending";
}

}  // namespace
}  // namespace ddbkit

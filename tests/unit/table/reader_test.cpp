// Paginated reads over the scripted transport: items across pages, collect(n) and the cursor
// in the middle of a page, limits, index keys in the cursor, errors that keep the position,
// Select COUNT totals, prefetch (blocking and co_await), cursor tokens.
#include <ddbkit/table/table.hpp>
#include <ddbkit/testkit/scripted_transport.hpp>

#include "unit/table/projected_names.hpp"
#include "unit/table/run_blocking.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>

#include <set>
#include <thread>

namespace ddbkit {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

/// A page of items {pk: "p", sk: N} for the numbers in `sks`, with `next` as its LastEvaluatedKey.
std::string page_json(std::initializer_list<int> sks, std::optional<int> next, int scanned = -1) {
  std::string items;
  for (int sk : sks) {
    if (!items.empty()) items += ',';
    items += R"({"pk":{"S":"p"},"sk":{"N":")" + std::to_string(sk) + R"("},"gsi_pk":{"S":"g"},"v":{"S":"x"}})";
  }
  std::string out = R"({"Items":[)" + items + R"(],"Count":)" + std::to_string(sks.size()) +
                    R"(,"ScannedCount":)" + std::to_string(scanned < 0 ? static_cast<int>(sks.size()) : scanned);
  if (next) out += R"(,"LastEvaluatedKey":{"pk":{"S":"p"},"sk":{"N":")" + std::to_string(*next) + R"("}})";
  return out + "}";
}

std::int64_t sk_of(const item& i) { return *i.at("sk").as_n()->to_int64(); }

class reader_over_script : public ::testing::Test {
 protected:
  reader_over_script() : transport(std::make_shared<testkit::scripted_transport>(io.get_executor())) {
    auto options = client_options::local(8000);
    options.retry.max_attempts = 1;
    ddb.emplace(*client::create(io.get_executor(), options, transport));
  }

  table<item> things() {
    table_schema schema{.keys = {.partition = "pk", .sort = "sk"},
                        .indexes = {{.name = "by_g", .keys = {.partition = "gsi_pk", .sort = std::nullopt}, .global = true}}};
    return table<item>(*ddb, "things", std::move(schema));
  }
  static query_request in_p() { return {.key_condition = expr::key("pk") == "p"}; }

  template <class Fn>
  auto blocking(Fn fn) {
    return testing::run_blocking(io, std::move(fn));
  }

  json::object sent(std::size_t i) const { return json::parse(transport->requests().at(i).request.body).as_object(); }

  asio::io_context io;
  std::shared_ptr<testkit::scripted_transport> transport;
  std::optional<client> ddb;
};

TEST_F(reader_over_script, a_range_over_a_temporary_reader_owns_it) {
  transport->respond(200, page_json({1, 2}, 2, 5));
  transport->respond(200, page_json({3}, std::nullopt, 4));
  transport->respond(200, page_json({4}, std::nullopt, 1));
  std::vector<std::int64_t> seen;
  std::size_t pages = 0;
  blocking([&] {
    for (auto& i : things().query(in_p()).items()) seen.push_back(i ? sk_of(*i) : -1);
    for (auto& p : things().query(in_p()).pages()) pages += p ? 1 : 100;
    return 0;
  });
  EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(pages, 1u);
}

TEST_F(reader_over_script, items_run_across_pages_and_totals_add_up) {
  transport->respond(200, page_json({1, 2}, 2, 5));
  transport->respond(200, page_json({3}, std::nullopt, 4));
  auto r = things().query(in_p());
  std::vector<std::int64_t> seen;
  auto error_count = blocking([&] {
    int errors = 0;
    for (auto& i : r.items()) {
      if (!i) {
        ++errors;
        continue;
      }
      seen.push_back(sk_of(*i));
    }
    return errors;
  });
  EXPECT_EQ(error_count, 0);
  EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 2, 3}));
  ASSERT_EQ(transport->requests().size(), 2u);
  EXPECT_FALSE(sent(0).contains("ExclusiveStartKey"));
  EXPECT_EQ(sent(1).at("ExclusiveStartKey"), json::parse(R"({"pk":{"S":"p"},"sk":{"N":"2"}})"));
  EXPECT_EQ(r.totals().count, 3);
  EXPECT_EQ(r.totals().scanned_count, 9);
  EXPECT_EQ(r.totals().pages, 2);
  EXPECT_FALSE(r.position()) << "a read handed out to the end has nothing to resume";
}

TEST_F(reader_over_script, collect_stops_in_the_middle_of_a_page_and_the_cursor_resumes_after_the_last_item) {
  transport->respond(200, page_json({1, 2, 3}, 3));
  auto r = things().query(in_p());
  auto first = blocking([&] { return r.collect(2); });
  ASSERT_TRUE(first) << first.error();
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ(transport->requests().size(), 1u) << "collect(2) must not read a second page";
  auto at = r.position();
  ASSERT_TRUE(at);
  auto token = at->token();
  auto parsed = cursor::parse(token);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(*parsed, *at);
  EXPECT_EQ(parsed->start_key(), (item{{"pk", "p"}, {"sk", number(2)}}));

  transport->respond(200, page_json({3}, std::nullopt));
  auto resumed = things().query(in_p(), {.resume = *parsed});
  auto rest = blocking([&] { return resumed.collect(); });
  ASSERT_TRUE(rest) << rest.error();
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ(sk_of(rest->front()), 3);
  EXPECT_EQ(sent(1).at("ExclusiveStartKey"), json::parse(R"({"pk":{"S":"p"},"sk":{"N":"2"}})"));
}

TEST_F(reader_over_script, the_rest_of_a_page_stays_for_the_next_read_of_the_same_reader) {
  transport->respond(200, page_json({1, 2, 3}, std::nullopt));
  auto r = things().query(in_p());
  auto two = blocking([&] { return r.collect(2); });
  auto one = blocking([&] { return r.next(); });
  ASSERT_TRUE(two && one && *one);
  EXPECT_EQ(sk_of(**one), 3);
  auto end = blocking([&] { return r.next(); });
  ASSERT_TRUE(end);
  EXPECT_FALSE(*end);
  EXPECT_EQ(transport->requests().size(), 1u);
}

TEST_F(reader_over_script, a_limit_asks_dynamodb_for_no_more_than_it_needs_unless_a_filter_counts_first) {
  transport->respond(200, page_json({1, 2}, 2));
  auto limited = things().query(in_p(), {.limit = 2});
  auto got = blocking([&] { return limited.collect(); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->size(), 2u);
  EXPECT_EQ(sent(0).at("Limit"), 2);
  EXPECT_EQ(transport->requests().size(), 1u);
  ASSERT_TRUE(limited.position()) << "the limit stopped the read; it can resume";

  transport->respond(200, page_json({1, 2, 3}, std::nullopt, 10));
  auto request = in_p();
  request.filter = expr::path("v") == "x";
  auto filtered = things().query(request, {.limit = 2});
  auto some = blocking([&] { return filtered.collect(); });
  ASSERT_TRUE(some);
  EXPECT_EQ(some->size(), 2u);
  EXPECT_FALSE(sent(1).contains("Limit"));
}

TEST_F(reader_over_script, an_index_cursor_holds_the_table_and_index_keys_and_projections_keep_them) {
  transport->respond(200, page_json({1, 2}, std::nullopt));
  query_request request{.key_condition = expr::key("gsi_pk") == "g", .index = "by_g"};
  request.projection = expr::projection_list{expr::path("v")};
  auto r = things().query(request);
  auto one = blocking([&] { return r.next(); });
  ASSERT_TRUE(one && *one);
  auto at = r.position();
  ASSERT_TRUE(at);
  EXPECT_EQ(at->index(), "by_g");
  EXPECT_EQ(at->start_key(), (item{{"pk", "p"}, {"sk", number(1)}, {"gsi_pk", "g"}}));
  EXPECT_EQ(testing::projected_names(sent(0)), (std::set<std::string>{"v", "pk", "sk", "gsi_pk"}));
}

TEST_F(reader_over_script, bad_reads_are_refused_before_sending) {
  query_request on_gsi{.key_condition = expr::key("gsi_pk") == "g", .index = "by_g", .consistent_read = true};
  auto consistent = blocking([&] { return things().query(on_gsi).next(); });
  ASSERT_FALSE(consistent);
  EXPECT_EQ(consistent.error().code(), error_code::validation);

  auto unknown = blocking([&] { return things().query({.key_condition = expr::key("x") == "g", .index = "nope"}).next(); });
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), error_code::validation);

  cursor other("elsewhere", "", std::nullopt, item{{"pk", "p"}});
  auto wrong = things().query(in_p(), {.resume = other});
  auto refused = blocking([&] { return wrong.next(); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), error_code::validation);
  EXPECT_NE(std::string(refused.error().message()).find("elsewhere"), std::string::npos);
  EXPECT_EQ(wrong.position(), other) << "a refused read keeps the cursor it was given";
  EXPECT_TRUE(transport->requests().empty());
}

TEST_F(reader_over_script, a_failed_page_ends_the_range_keeps_the_position_and_the_next_call_retries_it) {
  transport->respond(200, page_json({1, 2}, 2));
  transport->respond_error(400, "ValidationException", "boom");
  transport->respond(200, page_json({3}, std::nullopt));
  auto r = things().query(in_p());
  std::vector<std::string> seen;
  blocking([&] {
    for (auto& i : r.items()) seen.push_back(i ? std::to_string(sk_of(*i)) : "error");
    return 0;
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"1", "2", "error"}));
  ASSERT_TRUE(r.position());
  EXPECT_EQ(r.position()->start_key(), (item{{"pk", "p"}, {"sk", number(2)}}));
  auto again = blocking([&] { return r.next(); });
  ASSERT_TRUE(again && *again) << (again ? "end" : again.error().message());
  EXPECT_EQ(sk_of(**again), 3);
  EXPECT_EQ(sent(2).at("ExclusiveStartKey"), json::parse(R"({"pk":{"S":"p"},"sk":{"N":"2"}})"));
}

TEST_F(reader_over_script, select_count_pages_carry_counts_and_totals_sum_them) {
  transport->respond(200, R"({"Count":4,"ScannedCount":9,"LastEvaluatedKey":{"pk":{"S":"p"},"sk":{"N":"9"}}})");
  transport->respond(200, R"({"Count":1,"ScannedCount":2})");
  auto request = in_p();
  request.count_only = true;
  auto r = things().query(request);
  std::vector<int> counts;
  blocking([&] {
    for (auto& p : r.pages()) counts.push_back(p ? p->count : -1);
    return 0;
  });
  EXPECT_EQ(counts, (std::vector<int>{4, 1}));
  EXPECT_EQ(r.totals().count, 5);
  EXPECT_EQ(r.totals().scanned_count, 11);
  EXPECT_EQ(sent(0).at("Select"), "COUNT");
}

TEST_F(reader_over_script, blocking_prefetch_asks_for_the_next_page_while_the_caller_works) {
  transport->respond(200, page_json({1}, 1));
  transport->respond(200, page_json({2}, std::nullopt));
  auto r = things().query(in_p(), {.prefetch = true});
  auto first = blocking([&] { return r.next(); });
  ASSERT_TRUE(first && *first);
  for (int i = 0; i < 200 && transport->requests().size() < 2; ++i) {
    io.run_for(std::chrono::milliseconds(5));
    io.restart();
  }
  EXPECT_EQ(transport->requests().size(), 2u) << "the second page is asked for before the caller wants it";
  auto second = blocking([&] { return r.next(); });
  ASSERT_TRUE(second && *second);
  EXPECT_EQ(sk_of(**second), 2);
  auto end = blocking([&] { return r.next(); });
  ASSERT_TRUE(end);
  EXPECT_FALSE(*end);
  EXPECT_EQ(transport->requests().size(), 2u);
}

TEST_F(reader_over_script, co_await_pages_with_prefetch) {
  transport->respond(200, page_json({1, 2}, 2));
  transport->respond(200, page_json({3}, std::nullopt));
  auto r = things().query(in_p(), {.prefetch = true});
  std::vector<std::size_t> sizes;
  std::size_t requests_after_first = 0;
  bool finished = false;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        for (;;) {
          auto p = co_await r.async_next_page(asio::use_awaitable);
          if (!p || !*p) break;
          if (sizes.empty()) {
            // Let the prefetch go out, then look.
            asio::steady_timer t(io, std::chrono::milliseconds(20));
            co_await t.async_wait(asio::use_awaitable);
            requests_after_first = transport->requests().size();
          }
          sizes.push_back((*p)->items.size());
        }
        finished = true;
      },
      asio::detached);
  io.run_for(std::chrono::seconds(5));
  EXPECT_TRUE(finished);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{2, 1}));
  EXPECT_EQ(requests_after_first, 2u);
}

TEST(cursor_token, round_trips_and_refuses_what_it_did_not_make) {
  cursor c("orders", "by_state", 3, item{{"pk", "a/b+c"}, {"sk", number(42)}, {"bin", bytes{0xff, 0x00}}});
  auto token = c.token();
  EXPECT_TRUE(token.starts_with("c1."));
  EXPECT_EQ(token.find_first_of("+/= \n"), std::string::npos) << token;
  auto back = cursor::parse(token);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, c);
  cursor start("orders", "", std::nullopt, std::nullopt);
  EXPECT_EQ(*cursor::parse(start.token()), start);
  for (std::string_view bad : {"", "c1.", "c1.!!!", "x1.b3JkZXJz", "c1.b3JkZXJz"}) {
    auto refused = cursor::parse(bad);
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().code(), error_code::validation);
  }
}

}  // namespace
}  // namespace ddbkit

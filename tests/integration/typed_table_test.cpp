// table<T> against DynamoDB Local: the schema read once (with its indexes'), typed writes
// and reads, conditions with their old item, index queries and pages.
#include "integration/fixture.hpp"

#include <ddbkit/table/table.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/describe/class.hpp>

#include <algorithm>

namespace ddbkit::testing {
namespace {

struct ticket {
  std::string pk;
  std::int64_t sk = 0;
  std::string state;
  std::int64_t priority = 0;
  friend bool operator==(const ticket&, const ticket&) = default;
};
BOOST_DESCRIBE_STRUCT(ticket, (), (pk, sk, state, priority))

class typed_table : public local_table_test {
 protected:
  /// pk (S) + sk (N), a GSI on state (S) and an LSI on priority (N).
  table<ticket> make_tickets() {
    create_table_input in{.table_name = unique_name("tickets"), .billing_mode = billing_mode::pay_per_request};
    in.attribute_definitions = {{.attribute_name = "pk", .attribute_type = scalar_attribute_type::s},
                                {.attribute_name = "sk", .attribute_type = scalar_attribute_type::n},
                                {.attribute_name = "state", .attribute_type = scalar_attribute_type::s},
                                {.attribute_name = "priority", .attribute_type = scalar_attribute_type::n}};
    in.key_schema = {{.attribute_name = "pk", .key_type = key_type::hash}, {.attribute_name = "sk", .key_type = key_type::range}};
    in.global_secondary_indexes.push_back({.index_name = "by-state",
                                           .key_schema = {{.attribute_name = "state", .key_type = key_type::hash}},
                                           .projection = {.projection_type = projection_type::all}});
    in.local_secondary_indexes.push_back({.index_name = "by-priority",
                                          .key_schema = {{.attribute_name = "pk", .key_type = key_type::hash},
                                                         {.attribute_name = "priority", .key_type = key_type::range}},
                                          .projection = {.projection_type = projection_type::all}});
    const auto name = create(std::move(in));
    auto opened = table<ticket>::open(*ddb, name);
    EXPECT_TRUE(opened) << opened.error();
    return *opened;
  }
};

TEST_F(typed_table, open_reads_the_key_schema_of_the_table_and_its_indexes) {
  auto t = make_tickets();
  EXPECT_EQ(t.schema().keys, (key_schema{.partition = "pk", .sort = "sk"}));
  ASSERT_NE(t.schema().index("by-state"), nullptr);
  EXPECT_TRUE(t.schema().index("by-state")->global);
  ASSERT_NE(t.schema().index("by-priority"), nullptr);
  EXPECT_FALSE(t.schema().index("by-priority")->global);
  EXPECT_EQ(t.schema().index("by-priority")->keys.sort, "priority");
}

TEST_F(typed_table, put_get_update_and_remove_in_t) {
  auto t = make_tickets();
  const ticket first{.pk = "q#1", .sk = 1, .state = "open", .priority = 2};
  ASSERT_TRUE(t.put(first));
  auto got = t.get({.partition = "q#1", .sort = number(1)}, {.consistent_read = true});
  ASSERT_TRUE(got && *got) << (got ? "no item" : got.error().message());
  EXPECT_EQ(**got, first);

  auto closed = t.update({.partition = "q#1", .sort = number(1)}, expr::update{}.set(expr::path("state"), "closed"),
                         {.condition = expr::path("state") == "open", .returns = returned::new_item});
  ASSERT_TRUE(closed && *closed) << (closed ? "nothing returned" : closed.error().message());
  EXPECT_EQ((*closed)->state, "closed");

  // The condition no longer holds: refused, with the item as it is.
  auto again = t.update({.partition = "q#1", .sort = number(1)}, expr::update{}.set(expr::path("state"), "closed"),
                        {.condition = expr::path("state") == "open", .old_item_on_condition_failure = true});
  ASSERT_FALSE(again);
  EXPECT_TRUE(again.error().is_condition_failed());
  ASSERT_NE(again.error().old_item(), nullptr);
  EXPECT_EQ(again.error().old_item()->at("state"), attribute_value("closed"));

  ASSERT_TRUE(t.remove({.partition = "q#1", .sort = number(1)}));
  auto gone = t.get({.partition = "q#1", .sort = number(1)}, {.consistent_read = true});
  ASSERT_TRUE(gone);
  EXPECT_FALSE(*gone);
}

TEST_F(typed_table, queries_the_table_and_both_kinds_of_index_page_by_page) {
  auto t = make_tickets();
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(t.put({.pk = "q#1", .sk = i, .state = i % 2 == 0 ? "open" : "closed", .priority = 10 - i}));
  }
  // Table, descending, two per page, filtered: count and scanned_count differ.
  query_request newest{.key_condition = expr::key("pk") == "q#1",
                       .filter = expr::path("state") == "closed",
                       .consistent_read = true,
                       .descending = true,
                       .page_size = 2};
  auto first = t.query_page(newest);
  ASSERT_TRUE(first) << first.error();
  EXPECT_EQ(first->scanned_count, 2);
  EXPECT_EQ(first->count, 1);  // sk 5 (closed) and 4 (open)
  ASSERT_EQ(first->items.size(), 1u);
  EXPECT_EQ(first->items[0].sk, 5);
  ASSERT_TRUE(first->last_evaluated_key);
  auto second = t.query_page(newest, first->last_evaluated_key);
  ASSERT_TRUE(second) << second.error();
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].sk, 3);

  // LSI, consistent: by priority ascending.
  auto by_priority = t.query_page({.key_condition = expr::key("pk") == "q#1" && expr::key("priority") <= number(6),
                                   .index = "by-priority",
                                   .consistent_read = true});
  ASSERT_TRUE(by_priority) << by_priority.error();
  ASSERT_EQ(by_priority->items.size(), 2u);
  EXPECT_EQ(by_priority->items[0].priority, 5);
  EXPECT_EQ(by_priority->items[1].priority, 6);

  // GSI: eventually consistent only; counting only.
  auto open_count = t.query_page({.key_condition = expr::key("state") == "open", .index = "by-state", .count_only = true});
  ASSERT_TRUE(open_count) << open_count.error();
  EXPECT_EQ(open_count->count, 2);
  EXPECT_TRUE(open_count->items.empty());

  auto whole = t.scan_page({.consistent_read = true});
  ASSERT_TRUE(whole) << whole.error();
  EXPECT_EQ(whole->items.size(), 5u);
}

TEST_F(typed_table, async_calls_co_await_in_t) {
  auto t = make_tickets();
  boost::asio::io_context io;
  auto made = client::create(io.get_executor(), local_options(*local_endpoint()));
  ASSERT_TRUE(made) << made.error();
  table<ticket> on_io(*made, t.name(), t.schema());
  std::optional<result<std::optional<ticket>>> got;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        ticket written{.pk = "q#9", .sk = 9, .state = "open", .priority = 1};
        auto put = co_await on_io.async_put(written, {}, boost::asio::use_awaitable);
        if (!put) co_return;
        key k{.partition = "q#9", .sort = number(9)};
        got = co_await on_io.async_get(k, {.consistent_read = true}, boost::asio::use_awaitable);
      },
      boost::asio::detached);
  io.run();
  ASSERT_TRUE(got && *got && **got);
  EXPECT_EQ((***got).state, "open");
}

TEST_F(typed_table, reads_resume_from_a_stored_cursor_token_without_skipping_or_repeating) {
  auto t = make_tickets();
  for (int i = 1; i <= 25; ++i) {
    ASSERT_TRUE(t.put({.pk = "q#1", .sk = i, .state = i % 3 == 0 ? "open" : "closed", .priority = 100 - i}));
  }
  // Pages of 4; each read hands out 7 items and stops in the middle of a page. The token
  // is all that goes from one read to the next.
  for (const std::string index : {"", "by-priority", "by-state"}) {
    SCOPED_TRACE("index " + index);
    auto condition = index == "by-state" ? expr::key("state") == "closed" : expr::key("pk") == "q#1";
    query_request request{.key_condition = condition, .index = index, .page_size = 4};
    std::vector<std::int64_t> seen;
    std::optional<std::string> token;
    for (int round = 0; round < 10; ++round) {
      read_options options{.limit = 7};
      if (token) options.resume = *cursor::parse(*token);
      auto r = t.query(request, options);
      auto got = r.collect();
      ASSERT_TRUE(got) << got.error();
      for (auto& ticket : *got) seen.push_back(ticket.sk);
      auto at = r.position();
      if (!at) break;
      token = at->token();
    }
    std::vector<std::int64_t> expected;
    for (int i = 1; i <= 25; ++i) {
      if (index != "by-state" || i % 3 != 0) expected.push_back(i);
    }
    if (index == "by-priority") std::ranges::reverse(expected);  // priority = 100 - sk
    if (index == "by-state") std::ranges::sort(seen);              // no sort key: any order
    EXPECT_EQ(seen, expected);
  }
}

TEST_F(typed_table, range_reads_filter_count_go_backwards_and_refuse_a_consistent_gsi_read) {
  auto t = make_tickets();
  for (int i = 1; i <= 12; ++i) {
    ASSERT_TRUE(t.put({.pk = "q#2", .sk = i, .state = i % 2 == 0 ? "open" : "closed", .priority = i}));
  }
  query_request newest_open{.key_condition = expr::key("pk") == "q#2",
                            .filter = expr::path("state") == "open",
                            .consistent_read = true,
                            .descending = true,
                            .page_size = 5};
  auto r = t.query(newest_open);
  std::vector<std::int64_t> seen;
  for (auto& ticket : r.items()) {
    ASSERT_TRUE(ticket) << ticket.error();
    seen.push_back(ticket->sk);
  }
  EXPECT_EQ(seen, (std::vector<std::int64_t>{12, 10, 8, 6, 4, 2}));
  EXPECT_EQ(r.totals().count, 6);
  EXPECT_EQ(r.totals().scanned_count, 12);

  auto counted = t.query({.key_condition = expr::key("pk") == "q#2", .page_size = 5, .count_only = true});
  for (auto& p : counted.pages()) ASSERT_TRUE(p) << p.error();
  EXPECT_EQ(counted.totals().count, 12);

  auto refused = t.query({.key_condition = expr::key("state") == "open", .index = "by-state", .consistent_read = true}).next();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), error_code::validation);

  auto scanned = t.scan({.filter = expr::path("priority") > number(6), .consistent_read = true, .page_size = 3});
  auto all = scanned.collect();
  ASSERT_TRUE(all) << all.error();
  EXPECT_EQ(all->size(), 6u);
  EXPECT_EQ(scanned.totals().scanned_count, 12);
}

TEST_F(typed_table, co_await_every_page_with_prefetch) {
  auto t = make_tickets();
  for (int i = 1; i <= 9; ++i) ASSERT_TRUE(t.put({.pk = "q#3", .sk = i, .state = "open", .priority = i}));
  boost::asio::io_context io;
  auto made = client::create(io.get_executor(), local_options(*local_endpoint()));
  ASSERT_TRUE(made) << made.error();
  table<ticket> on_io(*made, t.name(), t.schema());
  std::vector<std::int64_t> seen;
  std::optional<error> failed;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        auto r = on_io.query({.key_condition = expr::key("pk") == "q#3", .consistent_read = true, .page_size = 2},
                             {.prefetch = true});
        for (;;) {
          auto p = co_await r.async_next_page(boost::asio::use_awaitable);
          if (!p) {
            failed = p.error();
            co_return;
          }
          if (!*p) co_return;
          for (auto& ticket : (*p)->items) seen.push_back(ticket.sk);
        }
      },
      boost::asio::detached);
  io.run();
  ASSERT_FALSE(failed) << *failed;
  EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

}  // namespace
}  // namespace ddbkit::testing

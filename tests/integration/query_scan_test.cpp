// Query and Scan against DynamoDB Local, including results larger than one 1 MB page.
#include "integration/fixture.hpp"

#include <set>

namespace ddbkit::testing {
namespace {

using query_scan = local_table_test;

constexpr int large_items = 60;
constexpr std::size_t large_item_bytes = 30 * 1024;  // 60 x 30 KB = 1.8 MB: at least two pages

/// Writes `count` items of about `bytes` each under partition "big" with BatchWriteItem.
void write_large_partition(client& ddb, const std::string& table, int count, std::size_t bytes) {
  for (int first = 0; first < count; first += 25) {
    batch_write_item_input in;
    auto& requests = in.request_items[table];
    for (int n = first; n < std::min(count, first + 25); ++n) {
      requests.push_back(write_request::put({{"pk", "big"}, {"sk", number(n)}, {"payload", std::string(bytes, 'x')}}));
    }
    auto written = ddb.batch_write_item(in);
    ASSERT_TRUE(written) << written.error();
    ASSERT_TRUE(written->unprocessed_items.empty());
  }
}

TEST_F(query_scan, query_over_more_than_one_megabyte_pages_until_done) {
  const auto table = make_table();
  write_large_partition(*ddb, table, large_items, large_item_bytes);

  query_input in{.table_name = table,
                 .key_condition_expression = "pk = :pk",
                 .expression_attribute_values = {{":pk", "big"}}};
  std::vector<int> seen;
  int pages = 0;
  do {
    auto page = ddb->query(in);
    ASSERT_TRUE(page) << page.error();
    ++pages;
    for (const auto& i : page->items) seen.push_back(static_cast<int>(*i.at("sk").as_n()->to_int64()));
    in.exclusive_start_key = page->last_evaluated_key;
  } while (in.exclusive_start_key && pages < 100);
  EXPECT_GE(pages, 2);
  ASSERT_EQ(seen.size(), static_cast<std::size_t>(large_items));
  for (int n = 0; n < large_items; ++n) EXPECT_EQ(seen[static_cast<std::size_t>(n)], n);  // sort key order
}

TEST_F(query_scan, scan_over_more_than_one_megabyte_pages_until_done) {
  const auto table = make_table();
  write_large_partition(*ddb, table, large_items, large_item_bytes);
  scan_input in{.table_name = table, .return_consumed_capacity = return_consumed_capacity::total};
  std::set<int> seen;
  int pages = 0;
  do {
    auto page = ddb->scan(in);
    ASSERT_TRUE(page) << page.error();
    ++pages;
    EXPECT_TRUE(page->consumed_capacity);
    for (const auto& i : page->items) EXPECT_TRUE(seen.insert(static_cast<int>(*i.at("sk").as_n()->to_int64())).second);
    in.exclusive_start_key = page->last_evaluated_key;
  } while (in.exclusive_start_key && pages < 100);
  EXPECT_GE(pages, 2);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(large_items));
}

TEST_F(query_scan, query_with_sort_key_range_limit_descending_and_filter) {
  const auto table = make_table();
  for (int n = 0; n < 10; ++n) {
    ASSERT_TRUE(ddb->put_item({.table_name = table, .item = {{"pk", "q"}, {"sk", number(n)}, {"even", n % 2 == 0}}}));
  }
  auto page = ddb->query({.table_name = table,
                          .limit = 3,
                          .consistent_read = true,
                          .key_condition_expression = "pk = :pk AND sk BETWEEN :lo AND :hi",
                          .filter_expression = "even = :t",
                          .expression_attribute_values = {{":pk", "q"}, {":lo", number(2)}, {":hi", number(8)}, {":t", true}},
                          .scan_index_forward = false});
  ASSERT_TRUE(page) << page.error();
  // Limit counts items read before the filter: 8, 7, 6 read; 8 and 6 pass.
  EXPECT_EQ(page->scanned_count, 3);
  EXPECT_EQ(page->count, 2);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].at("sk"), attribute_value(number(8)));
  EXPECT_EQ(page->items[1].at("sk"), attribute_value(number(6)));
  EXPECT_TRUE(page->last_evaluated_key);
}

TEST_F(query_scan, select_count_returns_no_items) {
  const auto table = make_table();
  for (int n = 0; n < 4; ++n) ASSERT_TRUE(ddb->put_item({.table_name = table, .item = {{"pk", "c"}, {"sk", number(n)}}}));
  auto page = ddb->query({.table_name = table,
                          .select = select::count,
                          .key_condition_expression = "pk = :pk",
                          .expression_attribute_values = {{":pk", "c"}}});
  ASSERT_TRUE(page) << page.error();
  EXPECT_EQ(page->count, 4);
  EXPECT_TRUE(page->items.empty());
}

TEST_F(query_scan, query_a_global_secondary_index) {
  create_table_input in{
      .table_name = unique_name("gsi"),
      .attribute_definitions = {{.attribute_name = "pk", .attribute_type = scalar_attribute_type::s},
                                {.attribute_name = "email", .attribute_type = scalar_attribute_type::s}},
      .key_schema = {{.attribute_name = "pk", .key_type = key_type::hash}},
      .billing_mode = billing_mode::pay_per_request,
  };
  in.global_secondary_indexes.push_back({.index_name = "by-email",
                                         .key_schema = {{.attribute_name = "email", .key_type = key_type::hash}},
                                         .projection = {.projection_type = projection_type::all}});
  const auto table = create(in);
  ASSERT_TRUE(ddb->put_item({.table_name = table, .item = {{"pk", "u1"}, {"email", "ada@example.com"}}}));
  ASSERT_TRUE(ddb->put_item({.table_name = table, .item = {{"pk", "u2"}, {"email", "bob@example.com"}}}));
  auto page = ddb->query({.table_name = table,
                          .index_name = "by-email",
                          .key_condition_expression = "email = :e",
                          .expression_attribute_values = {{":e", "bob@example.com"}}});
  ASSERT_TRUE(page) << page.error();
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].at("pk"), attribute_value("u2"));
}

TEST_F(query_scan, parallel_scan_segments_cover_the_table_once) {
  const auto table = make_table();
  for (int n = 0; n < 40; ++n) {
    ASSERT_TRUE(ddb->put_item({.table_name = table, .item = {{"pk", "p" + std::to_string(n)}, {"sk", number(n)}}}));
  }
  std::multiset<int> seen;
  for (int segment = 0; segment < 4; ++segment) {
    scan_input in{.table_name = table, .segment = segment, .total_segments = 4};
    int pages = 0;
    do {
      auto page = ddb->scan(in);
      ASSERT_TRUE(page) << page.error();
      for (const auto& i : page->items) seen.insert(static_cast<int>(*i.at("sk").as_n()->to_int64()));
      in.exclusive_start_key = page->last_evaluated_key;
    } while (in.exclusive_start_key && ++pages < 100);
  }
  EXPECT_EQ(seen.size(), 40u);
  for (int n = 0; n < 40; ++n) EXPECT_EQ(seen.count(n), 1u);
}

}  // namespace
}  // namespace ddbkit::testing

// The expression builders against DynamoDB Local: every feature, nested paths (map in list
// in map), reserved words and names with dots and dashes.
#include "integration/fixture.hpp"

#include <ddbkit/expr.hpp>

namespace ddbkit::testing {
namespace {

using namespace ddbkit::expr;
using av = attribute_value;
using expressions = local_table_test;

// The rendered tables drop straight into every request struct.
static_assert(std::is_same_v<expression_context::names_type, expression_names>);

/// An item whose attribute names are reserved words or contain dots and dashes, with a
/// map in a list in a map.
item awkward_item(std::string pk, int sk) {
  return item{
      {"pk", std::move(pk)},
      {"sk", number(sk)},
      {"name", "Ada"},
      {"status", "new"},
      {"ttl", number(100)},
      {"data", item{{"list", av::list({item{{"inner", item{{"status", "deep"}}}}})}}},
      {"a.b", number(1)},
      {"with-dash", number(2)},
      {"tags", av::string_set{"x", "y"}},
      {"counter", number(5)},
      {"l", av::list({number(1)})},
  };
}

TEST_F(expressions, one_update_sets_removes_adds_and_deletes_on_nested_and_awkward_paths) {
  const auto table = make_table();
  ASSERT_TRUE(ddb->put_item({.table_name = table, .item = awkward_item("u", 1)}));

  const auto change = update{}
                          .set(path("name"), "Grace")
                          .set(path("data.list[0].inner.status"), "deeper")
                          .set(path("counter"), path("counter") + 3)
                          .set(path("ttl"), if_not_exists(path("ttl"), 0))
                          .set(path("fresh"), if_not_exists(path("fresh"), 7) - 2)
                          .set(path("l"), list_append(path("l"), av::list({number(2)})))
                          .remove(path("with-dash"))
                          .add(path::attribute("a.b"), 10)
                          .delete_from_set(path("tags"), av::string_set{"x"})
                          .add(path("status-set"), av::string_set{"s"});
  expression_context ctx;
  auto rendered = ctx.update_expression(change);
  ASSERT_TRUE(rendered) << rendered.error();
  auto updated = ddb->update_item({.table_name = table,
                                   .key = {{"pk", "u"}, {"sk", number(1)}},
                                   .update_expression = *rendered,
                                   .expression_attribute_names = ctx.names(),
                                   .expression_attribute_values = ctx.values(),
                                   .return_values = return_values::all_new});
  ASSERT_TRUE(updated) << updated.error();

  item expected = awkward_item("u", 1);
  expected["name"] = "Grace";
  expected["data"] = item{{"list", av::list({item{{"inner", item{{"status", "deeper"}}}}})}};
  expected["counter"] = number(8);
  expected["fresh"] = number(5);
  expected["l"] = av::list({number(1), number(2)});
  expected.erase("with-dash");
  expected["a.b"] = number(11);
  expected["tags"] = av::string_set{"y"};
  expected["status-set"] = av::string_set{"s"};
  auto got = ddb->get_item({.table_name = table, .key = {{"pk", "u"}, {"sk", number(1)}}, .consistent_read = true});
  ASSERT_TRUE(got && got->item);
  EXPECT_EQ(*got->item, expected);
  EXPECT_FALSE(change.is_idempotent());
}

TEST_F(expressions, a_condition_guards_a_put_and_an_update) {
  const auto table = make_table();
  const auto put_once = [&] {
    expression_context ctx;
    auto guard = ctx.condition_expression(path("pk").not_exists());
    EXPECT_TRUE(guard);
    return ddb->put_item({.table_name = table,
                          .item = awkward_item("c", 1),
                          .condition_expression = *guard,
                          .expression_attribute_names = ctx.names(),
                          .expression_attribute_values = ctx.values()});
  };
  ASSERT_TRUE(put_once());
  auto second = put_once();
  ASSERT_FALSE(second);
  EXPECT_TRUE(second.error().is_condition_failed()) << second.error();

  const auto update_if = [&](const condition& c) {
    expression_context ctx;
    auto change = ctx.update_expression(update{}.set(path("status"), "done").add(path("counter"), 1));
    auto guard = ctx.condition_expression(c);
    EXPECT_TRUE(change && guard);
    return ddb->update_item({.table_name = table,
                             .key = {{"pk", "c"}, {"sk", number(1)}},
                             .update_expression = *change,
                             .condition_expression = *guard,
                             .expression_attribute_names = ctx.names(),
                             .expression_attribute_values = ctx.values()});
  };
  // Two conditions on one attribute, and the updated attribute in the condition too.
  auto refused = update_if(path("counter") > 1 && path("counter") < 5 && path("status") == "new");
  ASSERT_FALSE(refused);
  EXPECT_TRUE(refused.error().is_condition_failed()) << refused.error();
  auto applied = update_if(path("counter") > 1 && path("counter") < 6 && path("status") == "new");
  ASSERT_TRUE(applied) << applied.error();
  auto got = ddb->get_item({.table_name = table, .key = {{"pk", "c"}, {"sk", number(1)}}, .consistent_read = true});
  ASSERT_TRUE(got && got->item);
  EXPECT_EQ(got->item->at("status"), av("done"));
  EXPECT_EQ(got->item->at("counter"), av(number(6)));
}

/// The numeric sort keys of a query's page, in order; a failed query fails the test.
std::vector<int> sort_keys_of(const result<query_output>& page) {
  EXPECT_TRUE(page) << page.error();
  std::vector<int> out;
  if (page) {
    for (const auto& i : page->items) out.push_back(static_cast<int>(*i.at("sk").as_n()->to_int64()));
  }
  return out;
}

/// Query partition "q" (sk 0..9) with `sort` as the sort key condition; the sort keys found.
std::vector<int> query_sort_keys(client& ddb, const std::string& table, const key_condition& sort) {
  expression_context ctx;
  auto keys = ctx.key_condition_expression(key("pk") == "q" && sort);
  EXPECT_TRUE(keys) << keys.error();
  auto page = ddb.query({.table_name = table,
                         .consistent_read = true,
                         .key_condition_expression = *keys,
                         .expression_attribute_names = ctx.names(),
                         .expression_attribute_values = ctx.values()});
  return sort_keys_of(page);
}

TEST_F(expressions, key_conditions_select_the_sort_key_range) {
  const auto table = make_table();
  for (int n = 0; n < 10; ++n) ASSERT_TRUE(ddb->put_item({.table_name = table, .item = awkward_item("q", n)}));
  ASSERT_TRUE(ddb->put_item({.table_name = table, .item = awkward_item("other", 3)}));
  const auto sk = key("sk");
  EXPECT_EQ(query_sort_keys(*ddb, table, key_condition{}), (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(query_sort_keys(*ddb, table, sk == 3), (std::vector<int>{3}));
  EXPECT_EQ(query_sort_keys(*ddb, table, sk < 3), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(query_sort_keys(*ddb, table, sk <= 3), (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(query_sort_keys(*ddb, table, sk > 7), (std::vector<int>{8, 9}));
  EXPECT_EQ(query_sort_keys(*ddb, table, sk >= 7), (std::vector<int>{7, 8, 9}));
  EXPECT_EQ(query_sort_keys(*ddb, table, sk.between(2, 4)), (std::vector<int>{2, 3, 4}));
}

TEST_F(expressions, begins_with_on_a_string_sort_key) {
  create_table_input in{.table_name = unique_name("it"), .billing_mode = billing_mode::pay_per_request};
  in.attribute_definitions = {{.attribute_name = "name", .attribute_type = scalar_attribute_type::s},
                              {.attribute_name = "status", .attribute_type = scalar_attribute_type::s}};
  in.key_schema = {{.attribute_name = "name", .key_type = key_type::hash},
                   {.attribute_name = "status", .key_type = key_type::range}};
  const auto table = create(std::move(in));
  for (const char* s : {"2024-01", "2024-02", "2025-01"}) {
    ASSERT_TRUE(ddb->put_item({.table_name = table, .item = {{"name", "n"}, {"status", s}}}));
  }
  expression_context ctx;
  auto keys = ctx.key_condition_expression(key("name") == "n" && key("status").begins_with("2024-"));
  ASSERT_TRUE(keys) << keys.error();
  auto page = ddb->query({.table_name = table,
                          .key_condition_expression = *keys,
                          .expression_attribute_names = ctx.names(),
                          .expression_attribute_values = ctx.values()});
  ASSERT_TRUE(page) << page.error();
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].at("status"), av("2024-01"));
  EXPECT_EQ(page->items[1].at("status"), av("2024-02"));
}

/// The sort keys of partition "f" (sk 0..9) that `filter` keeps.
std::vector<int> filtered(client& ddb, const std::string& table, const condition& filter) {
  expression_context ctx;
  auto keys = ctx.key_condition_expression(key("pk") == "f");
  auto kept = ctx.filter_expression(filter);
  EXPECT_TRUE(keys && kept) << (kept ? keys.error() : kept.error());
  if (!keys || !kept) return {};
  auto page = ddb.query({.table_name = table,
                         .consistent_read = true,
                         .key_condition_expression = *keys,
                         .filter_expression = *kept,
                         .expression_attribute_names = ctx.names(),
                         .expression_attribute_values = ctx.values()});
  return sort_keys_of(page);
}

TEST_F(expressions, filters_with_every_comparison_and_function) {
  const auto table = make_table();
  for (int n = 0; n < 10; ++n) {
    item i = awkward_item("f", n);
    i["status"] = n % 2 == 0 ? "even" : "odd";
    i["counter"] = number(n);
    i["tags"] = n < 5 ? av(av::string_set{"x"}) : av(av::string_set{"x", "y", "z"});
    i["data"] = item{{"list", av::list({item{{"inner", item{{"status", n == 4 ? "deep-4" : "deep"}}}}})}};
    if (n == 9) i.erase("ttl");
    if (n == 8) i["ttl"] = "not a number";
    ASSERT_TRUE(ddb->put_item({.table_name = table, .item = i}));
  }
  const auto status = path("status");
  const auto counter = path("counter");
  EXPECT_EQ(filtered(*ddb, table, counter == 3), (std::vector<int>{3}));
  EXPECT_EQ(filtered(*ddb, table, counter != 3 && counter < 3), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(filtered(*ddb, table, counter <= 1 || counter >= 8), (std::vector<int>{0, 1, 8, 9}));
  EXPECT_EQ(filtered(*ddb, table, counter > 7), (std::vector<int>{8, 9}));
  EXPECT_EQ(filtered(*ddb, table, counter.between(2, 4)), (std::vector<int>{2, 3, 4}));
  EXPECT_EQ(filtered(*ddb, table, counter.in({1, 5, 99})), (std::vector<int>{1, 5}));
  EXPECT_EQ(filtered(*ddb, table, status.begins_with("ev") && counter < 5), (std::vector<int>{0, 2, 4}));
  EXPECT_EQ(filtered(*ddb, table, path("tags").contains("y")), (std::vector<int>{5, 6, 7, 8, 9}));
  EXPECT_EQ(filtered(*ddb, table, size(path("tags")) > 1 && counter < 7), (std::vector<int>{5, 6}));
  EXPECT_EQ(filtered(*ddb, table, path("ttl").not_exists()), (std::vector<int>{9}));
  EXPECT_EQ(filtered(*ddb, table, path("ttl").exists() && !path("ttl").has_type(av::kind::n)), (std::vector<int>{8}));
  EXPECT_EQ(filtered(*ddb, table, path("data.list[0].inner.status") == "deep-4"), (std::vector<int>{4}));
  // Precedence: a OR (b AND c) is not (a OR b) AND c.
  const auto a = counter == 8, b = status == "odd", c = counter < 4;
  EXPECT_EQ(filtered(*ddb, table, a || (b && c)), (std::vector<int>{1, 3, 8}));
  EXPECT_EQ(filtered(*ddb, table, (a || b) && c), (std::vector<int>{1, 3}));
  EXPECT_EQ(filtered(*ddb, table, (a || b) && !c), (std::vector<int>{5, 7, 8, 9}));
  EXPECT_EQ(filtered(*ddb, table, !(a || b)), (std::vector<int>{0, 2, 4, 6}));
  // Names with dots and dashes, reserved words.
  EXPECT_EQ(filtered(*ddb, table, path::attribute("a.b") == 1 && path("with-dash") == 2 && path("name") == "Ada" &&
                                      path("data").has_type(av::kind::m) && counter == 6),
            (std::vector<int>{6}));
  // A missing TTL never expires, and only numbers compare (DESIGN.md known defect 7).
  EXPECT_EQ(filtered(*ddb, table, (path("ttl").not_exists() || (path("ttl").has_type(av::kind::n) && path("ttl") > 50)) &&
                                      counter >= 7),
            (std::vector<int>{7, 9}));
}

TEST_F(expressions, one_query_combines_key_condition_filter_projection_and_a_raw_fragment) {
  const auto table = make_table();
  for (int n = 0; n < 5; ++n) {
    item i = awkward_item("p", n);
    i["counter"] = number(n);
    ASSERT_TRUE(ddb->put_item({.table_name = table, .item = i}));
  }
  expression_context ctx;
  auto keys = ctx.key_condition_expression(key("pk") == "p" && key("sk") >= 1);
  auto raw = ctx.raw("FilterExpression", "#mine < :limit", {{"#mine", "counter"}}, {{":limit", number(4)}});
  auto filter = ctx.filter_expression(path("counter") > 1 && path("status") == "new");
  auto shown = ctx.projection_expression(
      projection_list{path("sk"), path("status"), path("data.list[0].inner"), path::attribute("a.b")});
  ASSERT_TRUE(keys && raw && filter && shown);
  // The sort key's placeholder serves the key condition and the projection alike.
  EXPECT_EQ(*keys, "#_n0 = :_v0 AND #_n1 >= :_v1");
  EXPECT_EQ(*shown, "#_n1, #_n3, #_n4.#_n5[0].#_n6, #_n7");
  auto page = ddb->query({.table_name = table,
                          .consistent_read = true,
                          .key_condition_expression = *keys,
                          .filter_expression = "(" + *raw + ") AND (" + *filter + ")",
                          .projection_expression = *shown,
                          .expression_attribute_names = ctx.names(),
                          .expression_attribute_values = ctx.values()});
  ASSERT_TRUE(page) << page.error();
  ASSERT_EQ(page->items.size(), 2u);
  for (int n : {2, 3}) {
    const item expected{{"sk", number(n)},
                        {"status", "new"},
                        {"data", item{{"list", av::list({item{{"inner", item{{"status", "deep"}}}}})}}},
                        {"a.b", number(1)}};
    EXPECT_EQ(page->items[static_cast<std::size_t>(n - 2)], expected);
  }
}

TEST_F(expressions, projection_on_get_item_returns_only_the_paths_asked) {
  const auto table = make_table();
  ASSERT_TRUE(ddb->put_item({.table_name = table, .item = awkward_item("g", 1)}));
  expression_context ctx;
  auto shown = ctx.projection_expression(projection_list{path("name"), path("ttl"), path("l[0]"), path("with-dash")});
  ASSERT_TRUE(shown) << shown.error();
  auto got = ddb->get_item({.table_name = table,
                            .key = {{"pk", "g"}, {"sk", number(1)}},
                            .consistent_read = true,
                            .projection_expression = *shown,
                            .expression_attribute_names = ctx.names()});
  ASSERT_TRUE(got && got->item);
  EXPECT_EQ(*got->item, (item{{"name", "Ada"}, {"ttl", number(100)}, {"l", av::list({number(1)})}, {"with-dash", number(2)}}));
}

}  // namespace
}  // namespace ddbkit::testing

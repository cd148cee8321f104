#include <ddbkit/expr.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ddbkit::expr {
namespace {

using ::testing::HasSubstr;
using names = expression_context::names_type;

TEST(projection_list, renders_paths_separated_by_commas) {
  expression_context ctx;
  auto rendered = ctx.projection_expression(projection_list{path("name"), path("address.city"), path("tags[0]")}.add(path("data")));
  ASSERT_TRUE(rendered) << rendered.error();
  EXPECT_EQ(*rendered, "#_n0, #_n1.#_n2, #_n3[0], #_n4");
  EXPECT_EQ(ctx.names(), (names{{"#_n0", "name"}, {"#_n1", "address"}, {"#_n2", "city"}, {"#_n3", "tags"}, {"#_n4", "data"}}));
  EXPECT_TRUE(ctx.values().empty());
}

TEST(projection_list, refuses_empty_and_overlapping_projections) {
  expression_context ctx;
  for (const projection_list& bad : {projection_list{}, projection_list{path("a"), path("a.b")}, projection_list{path("a[0]"), path("a[0]")},
                                projection_list{path("x"), path("a..b")}}) {
    auto rendered = ctx.projection_expression(bad);
    ASSERT_FALSE(rendered);
    EXPECT_TRUE(rendered.error().is_validation());
    EXPECT_EQ(rendered.error().field(), "ProjectionExpression");
  }
  EXPECT_TRUE(ctx.names().empty());
}

TEST(expression_context, one_request_combines_every_expression_kind_in_one_table_without_clashes) {
  expression_context ctx;
  auto keys = ctx.key_condition_expression(key("pk") == "u#1" && key("sk") > 10);
  auto filter = ctx.filter_expression(path("status") == "open" && path("sk") < 20);
  auto shown = ctx.projection_expression(projection_list{path("status"), path("data.name")});
  auto guard = ctx.condition_expression(path("status").exists() && path("version") == 3);
  auto change = ctx.update_expression(update{}.set(path("version"), path("version") + 1).set(path("status"), "done"));
  ASSERT_TRUE(keys && filter && shown && guard && change);
  EXPECT_EQ(*keys, "#_n0 = :_v0 AND #_n1 > :_v1");
  EXPECT_EQ(*filter, "#_n2 = :_v2 AND #_n1 < :_v3");
  EXPECT_EQ(*shown, "#_n2, #_n3.#_n4");
  EXPECT_EQ(*guard, "attribute_exists(#_n2) AND #_n5 = :_v4");
  EXPECT_EQ(*change, "SET #_n5 = #_n5 + :_v5, #_n2 = :_v6");
  EXPECT_EQ(ctx.names(), (names{{"#_n0", "pk"}, {"#_n1", "sk"}, {"#_n2", "status"}, {"#_n3", "data"}, {"#_n4", "name"},
                                {"#_n5", "version"}}));
  EXPECT_EQ(ctx.values(), (item{{":_v0", "u#1"}, {":_v1", 10}, {":_v2", "open"}, {":_v3", 20}, {":_v4", 3},
                                {":_v5", 1}, {":_v6", "done"}}));
}

TEST(expression_context, raw_fragments_keep_the_callers_placeholders) {
  expression_context ctx;
  auto raw = ctx.raw("ConditionExpression", "#v = :v", {{"#v", "version"}}, {{":v", 7}});
  ASSERT_TRUE(raw) << raw.error();
  EXPECT_EQ(*raw, "#v = :v");
  auto generated = ctx.filter_expression(path("version") > 1);
  ASSERT_TRUE(generated);
  EXPECT_EQ(*generated, "#_n0 > :_v0");
  EXPECT_EQ(ctx.names(), (names{{"#v", "version"}, {"#_n0", "version"}}));
  EXPECT_EQ(ctx.values(), (item{{":v", 7}, {":_v0", 1}}));
}

TEST(expression_context, generated_placeholders_avoid_those_of_raw_fragments) {
  expression_context ctx;
  ASSERT_TRUE(ctx.raw("ConditionExpression", "#_n0 = :_v0", {{"#_n0", "mine"}}, {{":_v0", "x"}}));
  auto generated = ctx.filter_expression(path("other") == 1);
  ASSERT_TRUE(generated);
  EXPECT_EQ(*generated, "#_n1 = :_v1");
  EXPECT_EQ(ctx.names().at("#_n0"), "mine");
  EXPECT_EQ(ctx.values().at(":_v0"), attribute_value("x"));
}

TEST(expression_context, a_raw_placeholder_is_never_overwritten) {
  expression_context ctx;
  ASSERT_TRUE(ctx.filter_expression(path("status") == "open"));  // #_n0, :_v0
  auto clash = ctx.raw("ConditionExpression", "#_n0 = :x", {{"#_n0", "other"}}, {{":x", 1}});
  ASSERT_FALSE(clash);
  EXPECT_TRUE(clash.error().is_validation());
  EXPECT_EQ(clash.error().field(), "ConditionExpression");
  EXPECT_THAT(std::string(clash.error().message()), HasSubstr("#_n0 is already defined"));
  auto value_clash = ctx.raw("ConditionExpression", ":_v0 = :_v0", {}, {{":_v0", "closed"}});
  ASSERT_FALSE(value_clash);
  EXPECT_THAT(std::string(value_clash.error().message()), HasSubstr(":_v0 is already defined"));
  EXPECT_EQ(ctx.names(), (names{{"#_n0", "status"}}));
  EXPECT_EQ(ctx.values(), (item{{":_v0", "open"}}));
  // The same definition again is not a clash.
  EXPECT_TRUE(ctx.raw("ConditionExpression", "#_n0 = :_v0", {{"#_n0", "status"}}, {{":_v0", "open"}}));
}

TEST(expression_context, raw_fragments_must_define_what_they_use_with_well_formed_placeholders) {
  expression_context ctx;
  const auto refused = [&](std::string expression, names n, item v) {
    auto r = ctx.raw("FilterExpression", std::move(expression), n, v);
    if (r) return std::string("accepted");
    EXPECT_EQ(r.error().field(), "FilterExpression");
    return std::string(r.error().message());
  };
  EXPECT_THAT(refused("#a = :b", {{"#a", "a"}}, {}), HasSubstr("':b' is used but not defined"));
  EXPECT_THAT(refused("#a = :b", {}, {{":b", 1}}), HasSubstr("'#a' is used but not defined"));
  EXPECT_THAT(refused("#a-b = :b", {{"#a-b", "a"}}, {{":b", 1}}), HasSubstr("malformed placeholder"));
  EXPECT_THAT(refused("x = :b", {{"x", "a"}}, {{":b", 1}}), HasSubstr("malformed placeholder"));
  EXPECT_THAT(refused("#a = :b", {{"#a", "a"}}, {{"b", 1}}), HasSubstr("malformed placeholder"));
  const std::string long_name = "#" + std::string(255, 'n');
  EXPECT_THAT(refused(long_name + " = :b", {{long_name, "a"}}, {{":b", 1}}), HasSubstr("longer than 255"));
  EXPECT_THAT(refused("", {}, {}), HasSubstr("must not be empty"));
  EXPECT_THAT(refused(std::string(4097, 'x'), {}, {}), HasSubstr("4097 bytes, over DynamoDB's 4 KB limit"));
  EXPECT_TRUE(ctx.names().empty());
  EXPECT_TRUE(ctx.values().empty());
}

}  // namespace
}  // namespace ddbkit::expr

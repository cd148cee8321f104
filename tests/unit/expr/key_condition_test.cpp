#include <ddbkit/expr.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ddbkit::expr {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string render(const key_condition& k) {
  expression_context ctx;
  auto rendered = ctx.key_condition_expression(k);
  EXPECT_TRUE(rendered) << rendered.error();
  return rendered.value_or("<error>");
}

std::string refusal(const key_condition& k) {
  expression_context ctx;
  auto rendered = ctx.key_condition_expression(k);
  if (rendered) return "accepted: " + *rendered;
  EXPECT_TRUE(rendered.error().is_validation());
  EXPECT_THAT(std::string(rendered.error().field()), HasSubstr("KeyConditionExpression"));
  return std::string(rendered.error().message());
}

TEST(key_condition, renders_the_partition_key_alone_or_with_each_sort_key_condition) {
  EXPECT_EQ(render(key("pk") == "u#1"), "#_n0 = :_v0");
  EXPECT_EQ(render(key("pk") == "u" && key("sk") == 1), "#_n0 = :_v0 AND #_n1 = :_v1");
  EXPECT_EQ(render(key("pk") == "u" && key("sk") < 1), "#_n0 = :_v0 AND #_n1 < :_v1");
  EXPECT_EQ(render(key("pk") == "u" && key("sk") <= 1), "#_n0 = :_v0 AND #_n1 <= :_v1");
  EXPECT_EQ(render(key("pk") == "u" && key("sk") > 1), "#_n0 = :_v0 AND #_n1 > :_v1");
  EXPECT_EQ(render(key("pk") == "u" && key("sk") >= 1), "#_n0 = :_v0 AND #_n1 >= :_v1");
  EXPECT_EQ(render(key("pk") == "u" && key("sk").between(1, 5)), "#_n0 = :_v0 AND #_n1 BETWEEN :_v1 AND :_v2");
  EXPECT_EQ(render(key("pk") == "u" && key("sk").begins_with("2024-")), "#_n0 = :_v0 AND begins_with(#_n1, :_v1)");
}

TEST(key_condition, writes_the_partition_key_first_whatever_the_order_given) {
  expression_context ctx;
  auto rendered = ctx.key_condition_expression(key("sk") > 3 && key("pk") == "u");
  ASSERT_TRUE(rendered) << rendered.error();
  EXPECT_EQ(*rendered, "#_n0 = :_v0 AND #_n1 > :_v1");
  EXPECT_EQ(ctx.names(), (expression_context::names_type{{"#_n0", "pk"}, {"#_n1", "sk"}}));
  EXPECT_EQ(ctx.values(), (item{{":_v0", "u"}, {":_v1", 3}}));
}

TEST(key_condition, names_are_top_level_and_escaped_even_with_dots) {
  expression_context ctx;
  ASSERT_EQ(ctx.key_condition_expression(key("user.id") == "x").value_or(""), "#_n0 = :_v0");
  EXPECT_EQ(ctx.names().at("#_n0"), "user.id");
}

TEST(key_condition, refuses_what_dynamodb_refuses) {
  EXPECT_THAT(refusal(key_condition{}), HasSubstr("empty"));
  EXPECT_THAT(refusal(key("sk") > 1), HasSubstr("partition key compared with '='"));
  EXPECT_THAT(refusal(key("sk") > 1 && key("pk") < 2), HasSubstr("partition key"));
  EXPECT_THAT(refusal(key("pk") == "a" && key("sk") > 1 && key("x") == 2), HasSubstr("not 3 conditions"));
  EXPECT_THAT(refusal(key("pk") == "a" && key("pk") == "b"), HasSubstr("two conditions on key 'pk'"));
  EXPECT_THAT(refusal(key("pk") == "a" && key("sk").begins_with(12)), HasSubstr("not N"));
  EXPECT_THAT(refusal(key("pk") == "a" && key("sk").between(5, 1)), HasSubstr("lower bound"));
  EXPECT_THAT(refusal(key("pk") == "a" && key("sk").between("a", 1)), HasSubstr("same type"));
  EXPECT_THAT(refusal(key("") == "a"), HasSubstr("empty key attribute name"));
  EXPECT_THAT(refusal(key(std::string(256, 'k')) == "a"), HasSubstr("255"));
  // Key values are S, N or B, and not empty.
  EXPECT_THAT(refusal(key("pk") == true), Not(HasSubstr("accepted")));
  EXPECT_THAT(refusal(key("pk") == ""), Not(HasSubstr("accepted")));
  EXPECT_THAT(refusal(key("pk") == attribute_value::list({1})), Not(HasSubstr("accepted")));
  EXPECT_THAT(refusal(key("pk") == "a" && key("sk").between(1, attribute_value::null())), Not(HasSubstr("accepted")));
}

TEST(key_condition, shares_names_with_a_filter_on_the_same_attribute) {
  expression_context ctx;
  auto keys = ctx.key_condition_expression(key("pk") == "u" && key("sk") > 1);
  auto filter = ctx.filter_expression(path("sk") < 100 && path("status") == "open");
  ASSERT_TRUE(keys && filter);
  EXPECT_EQ(*keys, "#_n0 = :_v0 AND #_n1 > :_v1");
  EXPECT_EQ(*filter, "#_n1 < :_v2 AND #_n2 = :_v3");
  EXPECT_EQ(ctx.names().size(), 3u);
  EXPECT_EQ(ctx.values().size(), 4u);
}

}  // namespace
}  // namespace ddbkit::expr

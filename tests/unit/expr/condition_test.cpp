#include <ddbkit/expr.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ddbkit::expr {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using kind = attribute_value::kind;

/// Renders `c` as a ConditionExpression in a fresh context.
std::string render(const condition& c) {
  expression_context ctx;
  auto rendered = ctx.condition_expression(c);
  EXPECT_TRUE(rendered) << rendered.error();
  return rendered.value_or("<error>");
}

/// The validation error of rendering `c`, checked to name ConditionExpression.
std::string refusal(const condition& c) {
  expression_context ctx;
  auto rendered = ctx.condition_expression(c);
  if (rendered) return "accepted: " + *rendered;
  EXPECT_TRUE(rendered.error().is_validation());
  EXPECT_EQ(rendered.error().field(), "ConditionExpression");
  return std::string(rendered.error().message());
}

TEST(condition, renders_each_comparison_with_placeholders) {
  EXPECT_EQ(render(path("a") == 1), "#_n0 = :_v0");
  EXPECT_EQ(render(path("a") != 1), "#_n0 <> :_v0");
  EXPECT_EQ(render(path("a") < 1), "#_n0 < :_v0");
  EXPECT_EQ(render(path("a") <= 1), "#_n0 <= :_v0");
  EXPECT_EQ(render(path("a") > 1), "#_n0 > :_v0");
  EXPECT_EQ(render(path("a") >= 1), "#_n0 >= :_v0");
  EXPECT_EQ(render(path("a") == path("b")), "#_n0 = #_n1");
  EXPECT_EQ(render(size(path("tags")) > 3), "size(#_n0) > :_v0");
}

TEST(condition, escapes_every_name_segment_of_nested_paths_and_reserved_words) {
  expression_context ctx;
  auto rendered = ctx.condition_expression(path("name.status[2].ttl") == "x" && path::attribute("a.b-c").exists());
  ASSERT_TRUE(rendered) << rendered.error();
  EXPECT_EQ(*rendered, "#_n0.#_n1[2].#_n2 = :_v0 AND attribute_exists(#_n3)");
  EXPECT_EQ(ctx.names(), (expression_context::names_type{{"#_n0", "name"}, {"#_n1", "status"}, {"#_n2", "ttl"}, {"#_n3", "a.b-c"}}));
  EXPECT_EQ(ctx.values(), (item{{":_v0", "x"}}));
}

TEST(condition, two_conditions_on_one_attribute_share_its_name_but_not_their_values) {
  expression_context ctx;
  auto rendered = ctx.condition_expression(path("a") > 1 && path("a") < 5);
  ASSERT_TRUE(rendered) << rendered.error();
  EXPECT_EQ(*rendered, "#_n0 > :_v0 AND #_n0 < :_v1");
  EXPECT_EQ(ctx.names().size(), 1u);
  EXPECT_EQ(ctx.values(), (item{{":_v0", 1}, {":_v1", 5}}));
}

TEST(condition, renders_between_in_and_the_functions) {
  EXPECT_EQ(render(path("n").between(1, 9)), "#_n0 BETWEEN :_v0 AND :_v1");
  EXPECT_EQ(render(between(size(path("s")), 1, 9)), "size(#_n0) BETWEEN :_v0 AND :_v1");
  EXPECT_EQ(render(path("c").in({"red", "green", path("d")})), "#_n0 IN (:_v0, :_v1, #_n1)");
  EXPECT_EQ(render(path("a").exists()), "attribute_exists(#_n0)");
  EXPECT_EQ(render(path("a").not_exists()), "attribute_not_exists(#_n0)");
  EXPECT_EQ(render(path("a").begins_with("pre")), "begins_with(#_n0, :_v0)");
  EXPECT_EQ(render(path("a").contains(path("b"))), "contains(#_n0, #_n1)");
  expression_context ctx;
  ASSERT_EQ(ctx.condition_expression(path("a").has_type(kind::ss)).value_or(""), "attribute_type(#_n0, :_v0)");
  EXPECT_EQ(ctx.values(), (item{{":_v0", "SS"}}));
}

TEST(condition, parenthesises_by_precedence) {
  const condition a = path("a") == 1, b = path("b") == 2, c = path("c") == 3;
  EXPECT_EQ(render(a || (b && c)), "#_n0 = :_v0 OR (#_n1 = :_v1 AND #_n2 = :_v2)");
  EXPECT_EQ(render((a || b) && c), "(#_n0 = :_v0 OR #_n1 = :_v1) AND #_n2 = :_v2");
  EXPECT_EQ(render(a && b && c), "#_n0 = :_v0 AND #_n1 = :_v1 AND #_n2 = :_v2");
  EXPECT_EQ(render(a || b || c), "#_n0 = :_v0 OR #_n1 = :_v1 OR #_n2 = :_v2");
  EXPECT_EQ(render(path("n").between(1, 2) && a), "(#_n0 BETWEEN :_v0 AND :_v1) AND #_n1 = :_v2");
}

TEST(condition, not_wraps_everything_but_a_function_call) {
  const condition a = path("a") == 1, b = path("b") == 2;
  EXPECT_EQ(render(!(a && b)), "NOT (#_n0 = :_v0 AND #_n1 = :_v1)");
  EXPECT_EQ(render(!a), "NOT (#_n0 = :_v0)");
  EXPECT_EQ(render(!path("a").exists()), "NOT attribute_exists(#_n0)");
  EXPECT_EQ(render(!!a), "NOT (NOT (#_n0 = :_v0))");
  EXPECT_EQ(render(!a || b), "NOT (#_n0 = :_v0) OR #_n1 = :_v1");
}

TEST(condition, an_empty_side_of_and_or_keeps_the_other_side) {
  const condition a = path("a") == 1;
  EXPECT_EQ(render(condition{} || a), "#_n0 = :_v0");
  EXPECT_EQ(render(a || condition{}), "#_n0 = :_v0");
  EXPECT_EQ(render(condition{} && a), "#_n0 = :_v0");
  EXPECT_EQ(render(a && condition{}), "#_n0 = :_v0");
  EXPECT_TRUE((condition{} && condition{}).empty());
  EXPECT_TRUE((condition{} || condition{}).empty());
  EXPECT_TRUE((!condition{}).empty());
  EXPECT_FALSE(a.empty());
}

TEST(condition, an_empty_condition_is_not_rendered) {
  EXPECT_THAT(refusal(condition{}), HasSubstr("empty condition"));
  EXPECT_THAT(refusal(path("a") == 1 && !condition{} && (condition{} || condition{})), HasSubstr("accepted"));
}

TEST(condition, refuses_a_path_compared_with_itself_as_dynamodb_does) {
  EXPECT_THAT(refusal(path("a.b") == path("a.b")), HasSubstr("'a.b' must differ"));
  EXPECT_THAT(refusal(path("a").between(path("a"), 5)), HasSubstr("must differ"));
  EXPECT_THAT(refusal(path("a").in({1, path("a")})), HasSubstr("must differ"));
  EXPECT_THAT(refusal(path("a").begins_with(path("a"))), HasSubstr("must differ"));
  EXPECT_THAT(refusal(path("a").contains(path("a"))), HasSubstr("must differ"));
  EXPECT_EQ(render(size(path("a")) == path("a")), "size(#_n0) = #_n0");
}

TEST(condition, ordering_comparisons_and_between_take_only_s_n_or_b_literals) {
  EXPECT_THAT(refusal(path("a") < attribute_value::list({1})), HasSubstr("not L"));
  EXPECT_THAT(refusal(path("a") >= true), HasSubstr("not BOOL"));
  EXPECT_THAT(refusal(path("a").between(attribute_value::null(), 1)), HasSubstr("not NULL"));
  EXPECT_EQ(render(path("a") == attribute_value::list({1})), "#_n0 = :_v0");  // equality takes any type
}

TEST(condition, refuses_between_bounds_of_different_types_or_in_the_wrong_order) {
  EXPECT_THAT(refusal(path("a").between("x", 1)), HasSubstr("same type"));
  EXPECT_THAT(refusal(path("a").between(10, 9)), HasSubstr("lower bound"));
  EXPECT_THAT(refusal(path("a").between("b", "a")), HasSubstr("lower bound"));
  EXPECT_EQ(render(path("a").between(9, 10)), "#_n0 BETWEEN :_v0 AND :_v1");  // numeric, not text, order
  EXPECT_EQ(render(path("a").between(5, 5)), "#_n0 BETWEEN :_v0 AND :_v1");
}

TEST(condition, in_takes_one_to_one_hundred_candidates) {
  std::vector<operand> hundred;
  for (int i = 0; i < 100; ++i) hundred.emplace_back(i);
  EXPECT_THAT(refusal(path("a").in(hundred)), HasSubstr("accepted"));
  hundred.emplace_back(100);
  EXPECT_THAT(refusal(path("a").in(hundred)), HasSubstr("at most 100"));
  EXPECT_THAT(refusal(path("a").in({})), HasSubstr("at least one"));
}

TEST(condition, begins_with_takes_an_s_or_b_prefix) {
  EXPECT_THAT(refusal(path("a").begins_with(1)), HasSubstr("not N"));
  EXPECT_EQ(render(path("a").begins_with(bytes{1, 2})), "begins_with(#_n0, :_v0)");
}

TEST(condition, refuses_empty_sets_and_expressions_over_four_kilobytes) {
  expression_context ctx;
  auto empty_set = ctx.condition_expression(path("a") == attribute_value::string_set{});
  ASSERT_FALSE(empty_set);
  EXPECT_TRUE(empty_set.error().is_validation());
  EXPECT_THAT(std::string(empty_set.error().field()), HasSubstr("ConditionExpression"));

  condition big;
  for (int i = 0; i < 400; ++i) big = big && path::attribute("attr" + std::to_string(i)).exists();
  EXPECT_THAT(refusal(big), HasSubstr("longer than 4096 bytes"));
}

TEST(condition, a_very_deep_tree_is_refused_not_recursed_into_without_bound) {
  condition deep = path("a").exists();
  for (int i = 0; i < 1500; ++i) deep = !deep;
  EXPECT_THAT(refusal(deep), HasSubstr("longer than 4096 bytes"));  // stops writing once too long
  // A left-deep chain reaches its depth before writing anything.
  condition chain = path("a").exists();
  for (int i = 0; i < 1500; ++i) chain = chain && path("b").exists();
  EXPECT_THAT(refusal(chain), HasSubstr("nested deeper than 1000 levels"));
}

TEST(condition, a_failed_render_leaves_the_context_unchanged) {
  expression_context ctx;
  ASSERT_TRUE(ctx.condition_expression(path("a") == 1));
  const auto names = ctx.names();
  const auto values = ctx.values();
  ASSERT_FALSE(ctx.condition_expression(path("b") == 2 && path("c") == path("c")));
  EXPECT_EQ(ctx.names(), names);
  EXPECT_EQ(ctx.values(), values);
  auto next = ctx.condition_expression(path("d") == 3);
  ASSERT_TRUE(next) << next.error();
  EXPECT_EQ(*next, "#_n1 = :_v1");
}

TEST(condition, is_a_value_that_can_be_reused_in_several_expressions) {
  const condition shared = path("a") == 1;
  expression_context ctx;
  ASSERT_EQ(ctx.condition_expression(shared && path("b").exists()).value_or(""), "#_n0 = :_v0 AND attribute_exists(#_n1)");
  ASSERT_EQ(ctx.filter_expression(shared).value_or(""), "#_n0 = :_v1");
}

}  // namespace
}  // namespace ddbkit::expr

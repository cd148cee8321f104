#include <ddbkit/expr.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ddbkit::expr {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using av = attribute_value;

std::string render(const update& u) {
  expression_context ctx;
  auto rendered = ctx.update_expression(u);
  EXPECT_TRUE(rendered) << rendered.error();
  return rendered.value_or("<error>");
}

std::string refusal(const update& u) {
  expression_context ctx;
  auto rendered = ctx.update_expression(u);
  if (rendered) return "accepted: " + *rendered;
  EXPECT_TRUE(rendered.error().is_validation());
  EXPECT_THAT(std::string(rendered.error().field()), HasSubstr("UpdateExpression"));
  return std::string(rendered.error().message());
}

TEST(update, renders_set_with_values_paths_arithmetic_and_functions) {
  EXPECT_EQ(render(update{}.set(path("a"), "x")), "SET #_n0 = :_v0");
  EXPECT_EQ(render(update{}.set(path("a"), path("b"))), "SET #_n0 = #_n1");
  EXPECT_EQ(render(update{}.set(path("n"), path("n") + 1)), "SET #_n0 = #_n0 + :_v0");
  EXPECT_EQ(render(update{}.set(path("n"), path("n") - 1)), "SET #_n0 = #_n0 - :_v0");
  EXPECT_EQ(render(update{}.set(path("n"), if_not_exists(path("n"), 0))), "SET #_n0 = if_not_exists(#_n0, :_v0)");
  EXPECT_EQ(render(update{}.set(path("n"), if_not_exists(path("n"), 0) + 1)), "SET #_n0 = if_not_exists(#_n0, :_v0) + :_v1");
  EXPECT_EQ(render(update{}.set(path("l"), list_append(if_not_exists(path("l"), av::list({})), av::list({1})))),
            "SET #_n0 = list_append(if_not_exists(#_n0, :_v0), :_v1)");
}

TEST(update, renders_every_clause_with_several_actions_in_the_order_given) {
  expression_context ctx;
  auto rendered = ctx.update_expression(update{}
                                            .add(path("count"), 1)
                                            .set(path("name"), "Ada")
                                            .remove(path("draft"))
                                            .delete_from_set(path("tags"), av::string_set{"old"})
                                            .set(path("m.status[0]"), "ok")
                                            .remove(path("ttl")));
  ASSERT_TRUE(rendered) << rendered.error();
  EXPECT_EQ(*rendered,
            "SET #_n0 = :_v0, #_n1.#_n2[0] = :_v1 REMOVE #_n3, #_n4 ADD #_n5 :_v2 DELETE #_n6 :_v3");
  EXPECT_EQ(ctx.names(), (expression_context::names_type{{"#_n0", "name"}, {"#_n1", "m"}, {"#_n2", "status"},
                                                         {"#_n3", "draft"}, {"#_n4", "ttl"}, {"#_n5", "count"},
                                                         {"#_n6", "tags"}}));
  EXPECT_EQ(ctx.values(), (item{{":_v0", "Ada"}, {":_v1", "ok"}, {":_v2", 1}, {":_v3", av::string_set{"old"}}}));
}

TEST(update, refuses_overlapping_paths) {
  EXPECT_THAT(refusal(update{}.set(path("a"), 1).remove(path("a.b"))), HasSubstr("'a' and 'a.b' overlap"));
  EXPECT_THAT(refusal(update{}.set(path("a[1]"), 1).remove(path("a"))), HasSubstr("overlap"));
  EXPECT_THAT(refusal(update{}.remove(path("a")).remove(path("a"))), HasSubstr("overlap"));
  EXPECT_THAT(refusal(update{}.add(path("a.b.c"), 1).set(path("a.b"), 2)), HasSubstr("overlap"));
  // Siblings and names that merely share a prefix are fine.
  EXPECT_EQ(render(update{}.set(path("a.b"), 1).set(path("a.c"), 2).remove(path("a.d[0]")).remove(path("a.d[1]"))
                       .set(path("ab"), 3)),
            "SET #_n0.#_n1 = :_v0, #_n0.#_n2 = :_v1, #_n3 = :_v2 REMOVE #_n0.#_n4[0], #_n0.#_n4[1]");
}

TEST(update, refuses_operands_of_the_wrong_type) {
  EXPECT_THAT(refusal(update{}.add(path("a"), "x")), HasSubstr("number or a set"));
  EXPECT_THAT(refusal(update{}.add(path("a"), av::list({1}))), HasSubstr("number or a set"));
  EXPECT_THAT(refusal(update{}.delete_from_set(path("a"), 1)), HasSubstr("takes a set"));
  EXPECT_THAT(refusal(update{}.set(path("a"), path("a") + "x")), HasSubstr("takes numbers"));
  EXPECT_THAT(refusal(update{}.set(path("a"), av::list({}) - path("b"))), HasSubstr("takes numbers"));
  EXPECT_THAT(refusal(update{}.set(path("a"), list_append(path("a"), 1))), HasSubstr("takes lists"));
  EXPECT_THAT(refusal(update{}.add(path("a"), av::number_set{})), Not(HasSubstr("accepted")));  // empty set
  EXPECT_EQ(render(update{}.add(path("a"), av::number_set{number(1)}).delete_from_set(path("b"), av::string_set{"x"})),
            "ADD #_n0 :_v0 DELETE #_n1 :_v1");
}

TEST(update, an_empty_update_is_refused) { EXPECT_THAT(refusal(update{}), HasSubstr("at least one action")); }

TEST(update, refuses_more_than_three_hundred_operators_and_functions) {
  update u;
  for (int i = 0; i < 301; ++i) u.set(path::attribute("a" + std::to_string(i)), path("x") + 1);
  EXPECT_THAT(refusal(u), HasSubstr("more than 300 operators"));
}

TEST(update, refuses_expressions_over_four_kilobytes) {
  update u;
  for (int i = 0; i < 400; ++i) u.set(path::attribute("a" + std::to_string(i)), 1);
  EXPECT_THAT(refusal(u), HasSubstr("longer than 4096 bytes"));
}

TEST(update, tells_whether_applying_it_twice_is_harmless) {
  EXPECT_TRUE(update{}.set(path("a"), 1).remove(path("b")).delete_from_set(path("s"), av::string_set{"x"}).is_idempotent());
  EXPECT_TRUE(update{}.set(path("a"), if_not_exists(path("a"), 0)).is_idempotent());
  EXPECT_TRUE(update{}.is_idempotent());
  EXPECT_FALSE(update{}.set(path("a"), 1).add(path("n"), 1).is_idempotent());
  EXPECT_FALSE(update{}.set(path("n"), path("n") + 1).is_idempotent());
  EXPECT_FALSE(update{}.set(path("n"), path("n") - 1).is_idempotent());
  EXPECT_FALSE(update{}.set(path("l"), list_append(path("l"), av::list({1}))).is_idempotent());
}

TEST(update, copies_are_independent_values) {
  update base = update{}.set(path("a"), 1);
  update more = base;
  more.remove(path("b"));
  EXPECT_EQ(render(base), "SET #_n0 = :_v0");
  EXPECT_EQ(render(more), "SET #_n0 = :_v0 REMOVE #_n1");
}

}  // namespace
}  // namespace ddbkit::expr

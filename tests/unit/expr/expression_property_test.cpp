// Property tests: random expression trees render, and every placeholder of the request is
// defined and used (DynamoDB refuses undefined and unused ones). The same generators run
// against DynamoDB Local in tests/integration/expr_property_test.cpp.
#include "common/expression_generators.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace ddbkit::testing {
namespace {

using expr::expression_context;

void require_exact_placeholders(const expression_context& ctx, const used_placeholders& used) {
  RC_ASSERT(used.names == keys_of(ctx.names()));
  RC_ASSERT(used.values == keys_of(ctx.values()));
}

RC_GTEST_PROP(expression_property, a_random_condition_renders_with_exactly_the_placeholders_it_uses, ()) {
  const auto c = *gen_condition();
  expression_context ctx;
  auto rendered = ctx.condition_expression(c);
  RC_ASSERT(rendered.has_value());
  RC_ASSERT(rendered->size() <= limits::max_expression_size);
  used_placeholders used;
  used.scan(*rendered);
  require_exact_placeholders(ctx, used);
  // Parentheses balance.
  RC_ASSERT(std::count(rendered->begin(), rendered->end(), '(') == std::count(rendered->begin(), rendered->end(), ')'));
}

RC_GTEST_PROP(expression_property, a_random_update_renders_with_exactly_the_placeholders_it_uses, ()) {
  const auto u = *gen_update();
  expression_context ctx;
  auto rendered = ctx.update_expression(u);
  RC_ASSERT(rendered.has_value());
  used_placeholders used;
  used.scan(*rendered);
  require_exact_placeholders(ctx, used);
}

RC_GTEST_PROP(expression_property, all_five_expressions_of_one_request_share_one_table_without_clashes, ()) {
  expression_context ctx;
  used_placeholders used;
  std::size_t value_count = 0;
  auto keys = ctx.key_condition_expression(*gen_key_condition());
  auto filter = ctx.filter_expression(*gen_condition(3));
  auto shown = ctx.projection_expression(*gen_projection());
  auto guard = ctx.condition_expression(*gen_condition(3));
  auto change = ctx.update_expression(*gen_update());
  for (const auto* e : {&keys, &filter, &shown, &guard, &change}) {
    RC_ASSERT(e->has_value());
    used_placeholders own;
    own.scan(**e);
    value_count += own.values.size();
    used.scan(**e);
  }
  require_exact_placeholders(ctx, used);
  // Values are never shared between expressions: each expression's are fresh.
  RC_ASSERT(value_count == ctx.values().size());
  // One placeholder per distinct name.
  std::set<std::string> distinct_names;
  for (const auto& [placeholder, name] : ctx.names()) distinct_names.insert(name);
  RC_ASSERT(distinct_names.size() == ctx.names().size());
}

RC_GTEST_PROP(expression_property, a_raw_fragment_that_clashes_is_refused_and_changes_nothing, ()) {
  expression_context ctx;
  RC_ASSERT(ctx.condition_expression(*gen_condition(2)).has_value());
  const auto names = ctx.names();
  const auto values = ctx.values();
  const auto& [placeholder, name] = *rc::gen::elementOf(std::vector(names.begin(), names.end()));
  auto clash = ctx.raw("ConditionExpression", "attribute_exists(" + placeholder + ")", {{placeholder, name + "-other"}});
  RC_ASSERT(!clash.has_value());
  RC_ASSERT(clash.error().is_validation());
  RC_ASSERT(ctx.names() == names);
  RC_ASSERT(ctx.values() == values);
}

}  // namespace
}  // namespace ddbkit::testing

// A sample of random expression trees, sent to DynamoDB Local: whatever the builders render,
// DynamoDB accepts (syntax, placeholders all defined and all used, operand types).
#include "common/expression_generators.hpp"
#include "integration/fixture.hpp"

namespace ddbkit::testing {
namespace {

using namespace ddbkit::expr;
using expr_property = local_table_test;

constexpr int samples = 50;

/// The sample of `seed`, drawn from the shared generators at a middling size.
template <class T>
T draw(const rc::Gen<T>& gen, std::uint64_t seed) {
  return gen(rc::Random(seed), 30).value();
}

TEST_F(expr_property, random_expressions_rendered_by_the_builders_are_accepted_by_dynamodb) {
  const auto table = make_table();
  // Items with the pool's paths in place, so that filters have something to evaluate.
  for (int n = 0; n < 3; ++n) {
    item i{{"pk", "p"},
           {"sk", number(n)},
           {"name", "Ada"},
           {"status", n == 0 ? attribute_value("new") : attribute_value(number(n))},
           {"ttl", number(100 + n)},
           {"data", attribute_value::string_set{"a", "b"}},
           {"a.b", number(n)},
           {"with-dash", attribute_value::list({number(1)})},
           {"m", item{{"inner", attribute_value::list({item{}, item{{"status", "deep"}}})}, {"data", "x"}}},
           {"l", attribute_value::list({"first"})},
           {"x y", item{{"z.w", true}}}};
    ASSERT_TRUE(ddb->put_item({.table_name = table, .item = std::move(i)}));
  }

  int failures = 0;
  std::string all_rendered;  // to check that the sample covers every feature
  for (std::uint64_t seed = 1; seed <= samples && failures < 3; ++seed) {
    const auto keys = draw(gen_key_condition(), seed);
    const auto filter = draw(gen_condition(3), seed * 7919);
    const auto shown = draw(gen_projection(), seed * 104729);
    const auto guard = draw(gen_condition(3), seed * 1299709);
    const auto change = draw(gen_update(), seed * 15485863);

    // Query: key condition, filter and projection in one table.
    {
      expression_context ctx;
      auto k = ctx.key_condition_expression(keys);
      auto f = ctx.filter_expression(filter);
      auto p = ctx.projection_expression(shown);
      ASSERT_TRUE(k && f && p) << "seed " << seed;
      all_rendered += *k + "\n" + *f + "\n" + *p + "\n";
      auto page = ddb->query({.table_name = table,
                              .key_condition_expression = *k,
                              .filter_expression = *f,
                              .projection_expression = *p,
                              .expression_attribute_names = ctx.names(),
                              .expression_attribute_values = ctx.values()});
      EXPECT_TRUE(page) << "seed " << seed << ": " << page.error() << "\n  keys: " << *k << "\n  filter: " << *f
                        << "\n  projection: " << *p;
      failures += page ? 0 : 1;
    }
    // UpdateItem: update and condition in one table. The guard also requires an item that
    // does not exist, so DynamoDB checks the expressions fully and then refuses the write
    // with ConditionalCheckFailed; anything else means it did not accept them.
    {
      expression_context ctx;
      auto u = ctx.update_expression(change);
      auto c = ctx.condition_expression(guard && path("pk").exists());
      ASSERT_TRUE(u && c) << "seed " << seed;
      all_rendered += *u + "\n" + *c + "\n";
      auto updated = ddb->update_item({.table_name = table,
                                       .key = {{"pk", "absent"}, {"sk", number(0)}},
                                       .update_expression = *u,
                                       .condition_expression = *c,
                                       .expression_attribute_names = ctx.names(),
                                       .expression_attribute_values = ctx.values()});
      const bool accepted = !updated && updated.error().is_condition_failed();
      EXPECT_TRUE(accepted) << "seed " << seed << ": "
                            << (updated ? std::string("succeeded") : (std::ostringstream() << updated.error()).str())
                            << "\n  update: " << *u << "\n  condition: " << *c;
      failures += accepted ? 0 : 1;
    }
  }
  for (const char* feature : {" AND ", " OR ", "NOT ", " BETWEEN ", " IN (", "size(", "begins_with(", "contains(",
                              "attribute_type(", "attribute_exists(", "attribute_not_exists(", " <> ", " <= ", " >= ",
                              "if_not_exists(", "list_append(", " + ", " - ", "SET ", "REMOVE ", "ADD ", "DELETE ",
                              "].", "(("}) {
    EXPECT_NE(all_rendered.find(feature), std::string::npos) << "the sample never used " << feature;
  }
}

}  // namespace
}  // namespace ddbkit::testing

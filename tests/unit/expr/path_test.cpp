#include <ddbkit/expr.hpp>

#include <gtest/gtest.h>

namespace ddbkit::expr {
namespace {

using segments = std::vector<path::segment>;

TEST(path, splits_dotted_text_into_names_and_list_indexes) {
  EXPECT_EQ(path("a.b[2].c").segments(), (segments{"a", "b", std::size_t{2}, "c"}));
  EXPECT_EQ(path("list[0][17]").segments(), (segments{"list", std::size_t{0}, std::size_t{17}}));
  EXPECT_EQ(path("with-dash.x y").segments(), (segments{"with-dash", "x y"}));
  EXPECT_FALSE(path("a.b").syntax_error());
}

TEST(path, refuses_empty_segments_bad_indexes_and_unbalanced_brackets) {
  for (const char* text : {"", "a..b", ".a", "a.", "a[", "a[x]", "a[]", "a[-1]", "a]", "[1]", "a[1]b", "a[1",
                           "a[99999999999999999999999]"}) {
    auto parsed = path::parse(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_TRUE(parsed.error().is_validation());
    EXPECT_EQ(parsed.error().field(), "path");
    EXPECT_TRUE(path(text).syntax_error()) << text;
  }
}

TEST(path, segment_wise_construction_takes_names_literally) {
  const path p = path::attribute("a.b").member("c[1]")[3].member("");
  EXPECT_EQ(p.segments(), (segments{"a.b", "c[1]", std::size_t{3}, ""}));
  EXPECT_EQ(path("m").member("k").segments(), (segments{"m", "k"}));
}

TEST(path, prints_in_dotted_form) {
  EXPECT_EQ(to_string(path("a.b[2].c")), "a.b[2].c");
  EXPECT_EQ(to_string(path::attribute("x")[0][1]), "x[0][1]");
}

TEST(path, a_syntax_error_is_reported_when_rendered_naming_the_expression_and_the_path) {
  expression_context ctx;
  auto rendered = ctx.condition_expression(path("a..b").exists());
  ASSERT_FALSE(rendered);
  EXPECT_TRUE(rendered.error().is_validation());
  EXPECT_EQ(rendered.error().field(), "ConditionExpression");
  EXPECT_NE(rendered.error().message().find("a..b"), std::string_view::npos) << rendered.error();
}

TEST(path, empty_names_indexes_first_and_too_deep_paths_are_refused_when_rendered) {
  path deep = path::attribute("top");
  for (std::size_t i = 0; i < limits::max_path_depth; ++i) deep = std::move(deep).member("m");
  expression_context ctx;
  EXPECT_TRUE(ctx.condition_expression(deep.exists()));  // 32 levels below the top: allowed
  for (const path& bad : {path(), path::attribute(""), path::attribute("a").member(""), path()[0], deep.member("m")}) {
    auto rendered = ctx.update_expression(update{}.remove(bad));
    ASSERT_FALSE(rendered) << to_string(bad);
    EXPECT_EQ(rendered.error().field(), "UpdateExpression");
  }
}

}  // namespace
}  // namespace ddbkit::expr

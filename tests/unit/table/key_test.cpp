// Keys and key schemas: key <-> item in both directions (seed §7.2), and what a key that
// does not fit its schema is told.
#include <ddbkit/table/key.hpp>
#include <ddbkit/table/table_schema.hpp>

#include "common/value_generators.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace ddbkit {
namespace {

/// A key attribute value: S, N or B, not empty, within the size limit of its role.
rc::Gen<attribute_value> gen_key_value(std::size_t max_bytes) {
  return rc::gen::oneOf(
      rc::gen::map(rc::gen::suchThat(testing::gen_text(), [max_bytes](const std::string& s) {
                     return !s.empty() && s.size() <= max_bytes;
                   }),
                   [](std::string s) { return attribute_value(std::move(s)); }),
      rc::gen::map(testing::gen_number(), [](number n) { return attribute_value(std::move(n)); }),
      rc::gen::map(rc::gen::suchThat(testing::gen_bytes(), [max_bytes](const bytes& b) {
                     return !b.empty() && b.size() <= max_bytes;
                   }),
                   [](bytes b) { return attribute_value(std::move(b)); }));
}

RC_GTEST_PROP(key, round_trips_through_an_item_for_random_keys, ()) {
  const bool with_sort = *rc::gen::arbitrary<bool>();
  const key_schema schema{.partition = "pk", .sort = with_sort ? std::optional<std::string>("sk") : std::nullopt};
  key k{.partition = *gen_key_value(2048), .sort = std::nullopt};
  if (with_sort) k.sort = *gen_key_value(1024);
  auto as_item = schema.to_item(k);
  RC_ASSERT(as_item.has_value());
  RC_ASSERT(as_item->size() == (with_sort ? 2u : 1u));
  // More attributes around the key change nothing.
  item whole = *as_item;
  whole.emplace("payload", "x");
  auto back = schema.key_of(whole);
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == k);
  RC_ASSERT(*schema.key_item_of(whole) == *as_item);
}

TEST(key, a_key_that_does_not_fit_its_schema_is_refused_naming_the_attribute) {
  const key_schema with_sort{.partition = "pk", .sort = "sk"};
  const key_schema without_sort{.partition = "pk", .sort = std::nullopt};
  auto missing_sort = with_sort.to_item({.partition = "a", .sort = std::nullopt});
  ASSERT_FALSE(missing_sort);
  EXPECT_EQ(missing_sort.error().field(), "Key.sk");
  auto extra_sort = without_sort.to_item({.partition = "a", .sort = number(1)});
  ASSERT_FALSE(extra_sort);
  EXPECT_EQ(extra_sort.error().field(), "Key");
  auto not_a_key_type = with_sort.to_item({.partition = true, .sort = number(1)});
  ASSERT_FALSE(not_a_key_type);
  EXPECT_EQ(not_a_key_type.error().field(), "Key.pk");
  auto empty = with_sort.to_item({.partition = "", .sort = number(1)});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field(), "Key.pk");
  auto too_long = with_sort.to_item({.partition = "a", .sort = std::string(1025, 'x')});
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().field(), "Key.sk");
  auto no_partition = with_sort.key_of({{"sk", number(1)}});
  ASSERT_FALSE(no_partition);
  EXPECT_EQ(no_partition.error().field(), "Key.pk");
}

TEST(table_schema, is_read_from_a_table_description_with_its_indexes) {
  table_description d{.table_name = "orders"};
  d.key_schema = {{.attribute_name = "pk", .key_type = key_type::hash}, {.attribute_name = "sk", .key_type = key_type::range}};
  d.global_secondary_indexes.push_back({.index_name = "by-state", .key_schema = {{.attribute_name = "state", .key_type = key_type::hash}}});
  d.local_secondary_indexes.push_back({.index_name = "by-total",
                                       .key_schema = {{.attribute_name = "pk", .key_type = key_type::hash},
                                                      {.attribute_name = "total", .key_type = key_type::range}}});
  auto schema = table_schema::from(d);
  ASSERT_TRUE(schema) << schema.error();
  EXPECT_EQ(schema->keys, (key_schema{.partition = "pk", .sort = "sk"}));
  ASSERT_NE(schema->index("by-state"), nullptr);
  EXPECT_TRUE(schema->index("by-state")->global);
  EXPECT_EQ(schema->index("by-state")->keys, (key_schema{.partition = "state", .sort = std::nullopt}));
  ASSERT_NE(schema->index("by-total"), nullptr);
  EXPECT_FALSE(schema->index("by-total")->global);
  EXPECT_EQ(schema->index("nope"), nullptr);

  table_description broken{.table_name = "x"};
  broken.key_schema = {{.attribute_name = "sk", .key_type = key_type::range}};
  EXPECT_EQ(table_schema::from(broken).error().code(), error_code::serialization);
}

}  // namespace
}  // namespace ddbkit

// Item sizes by DynamoDB's rules; each expectation shows its arithmetic.
#include <ddbkit/value/item_size.hpp>
#include <ddbkit/value/limits.hpp>

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

TEST(item_size, strings_and_binaries_count_their_bytes_plus_the_name) {
  EXPECT_EQ(item_size({{"name", "Ada"}}), 4u + 3u);
  EXPECT_EQ(item_size({{"s", "héllo"}}), 1u + 6u);  // é is two UTF-8 bytes
  EXPECT_EQ(item_size({{"b", bytes{1, 2, 3}}}), 1u + 3u);
}

TEST(item_size, numbers_take_a_byte_per_two_digits_plus_one) {
  EXPECT_EQ(attribute_size(number(7)), 1u + 1u);                       // 1 digit: 1 + 1
  EXPECT_EQ(attribute_size(number(12345)), 3u + 1u);                   // 5 digits: 3 + 1
  EXPECT_EQ(attribute_size(*number::parse("1234.5600")), 3u + 1u);     // trailing zeros trimmed: 123456
  EXPECT_EQ(attribute_size(number(-12345)), 3u + 1u + 1u);             // negative: one more
  EXPECT_EQ(attribute_size(*number::parse("0.000001")), 1u + 1u);      // leading zeros trimmed
}

TEST(item_size, bool_and_null_are_one_byte) {
  EXPECT_EQ(item_size({{"t", true}, {"z", null_value{}}}), (1u + 1u) + (1u + 1u));
}

TEST(item_size, lists_and_maps_add_three_bytes_and_one_per_element) {
  EXPECT_EQ(attribute_size(attribute_value::list({})), 3u);
  EXPECT_EQ(attribute_size(attribute_value::list({"ab", number(1)})), 3u + (1u + 2u) + (1u + 2u));
  EXPECT_EQ(attribute_size(attribute_value(item{{"k", "vv"}})), 3u + 1u + (1u + 2u));
}

TEST(item_size, sets_sum_their_members) {
  EXPECT_EQ(attribute_size(attribute_value(attribute_value::string_set{"ab", "cde"})), 5u);
  EXPECT_EQ(attribute_size(attribute_value(attribute_value::number_set{number(1), number(123)})), 2u + 3u);
  EXPECT_EQ(attribute_size(attribute_value(attribute_value::binary_set{bytes{1}, bytes{1, 2}})), 3u);
}

TEST(limits, an_item_over_400_kb_is_refused_naming_the_field) {
  item big{{"pk", "a"}, {"blob", std::string(400 * 1024, 'x')}};
  auto r = limits::validate_item(big, "PutItem.Item");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), error_code::validation);
  EXPECT_EQ(r.error().field(), "PutItem.Item");
  item fits{{"pk", "a"}, {"blob", std::string(400 * 1024 - 10, 'x')}};
  EXPECT_TRUE(limits::validate_item(fits, "PutItem.Item"));
}

TEST(limits, empty_sets_are_refused_wherever_they_are) {
  item i{{"outer", item{{"tags", attribute_value::string_set{}}}}};
  auto r = limits::validate_item(i, "Item");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field(), "Item.outer.tags");
  EXPECT_FALSE(limits::validate_value(attribute_value::list({attribute_value(attribute_value::number_set{})}), "v"));
}

TEST(limits, nesting_beyond_32_levels_is_refused) {
  attribute_value ok = "leaf";
  for (int i = 0; i < 32; ++i) ok = attribute_value::list({ok});
  EXPECT_TRUE(limits::validate_value(ok, "v"));
  attribute_value too_deep = attribute_value::list({ok});
  EXPECT_FALSE(limits::validate_value(too_deep, "v"));
}

TEST(limits, key_attributes_must_be_scalar_non_empty_and_small) {
  EXPECT_TRUE(limits::validate_key_attribute("pk", "a", true, "Key"));
  EXPECT_TRUE(limits::validate_key_attribute("pk", number(1), true, "Key"));
  EXPECT_FALSE(limits::validate_key_attribute("pk", "", true, "Key"));
  EXPECT_FALSE(limits::validate_key_attribute("pk", true, true, "Key"));
  EXPECT_TRUE(limits::validate_key_attribute("pk", std::string(2048, 'x'), true, "Key"));
  EXPECT_FALSE(limits::validate_key_attribute("pk", std::string(2049, 'x'), true, "Key"));
  EXPECT_FALSE(limits::validate_key_attribute("sk", std::string(1025, 'x'), false, "Key"));
  auto r = limits::validate_key_attribute("pk", true, true, "GetItem.Key");
  EXPECT_EQ(r.error().field(), "GetItem.Key.pk");
}

TEST(limits, empty_attribute_names_are_refused) {
  EXPECT_FALSE(limits::validate_item({{"", "x"}}, "Item"));
}

}  // namespace
}  // namespace ddbkit

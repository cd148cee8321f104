#include <ddbkit/value/dynamodb_json.hpp>
#include <ddbkit/value/plain_json.hpp>

#include <gtest/gtest.h>

#include <string>

namespace ddbkit {
namespace {

TEST(plain_json, decodes_each_json_type_to_its_attribute_type) {
  auto v = parse_plain_item(R"({"pk": "a", "n": 1, "tags": ["x", 2], "m": {"a": true}, "z": null, "f": false})");
  ASSERT_TRUE(v) << v.error();
  const item expected{{"pk", "a"},
                      {"n", number(1)},
                      {"tags", attribute_value::list({"x", number(2)})},
                      {"m", attribute_value(item{{"a", true}})},
                      {"z", attribute_value::null()},
                      {"f", false}};
  EXPECT_EQ(*v, expected);
}

TEST(plain_json, keeps_the_exact_text_of_numbers) {
  auto v = parse_plain_item(R"({"a": 0.10, "b": 12345678901234567890123456789012345678, "c": -1.5E+3})");
  ASSERT_TRUE(v) << v.error();
  EXPECT_EQ(v->at("a").as_n()->text(), "0.10");
  EXPECT_EQ(v->at("b").as_n()->text(), "12345678901234567890123456789012345678");
  EXPECT_EQ(v->at("c").as_n()->text(), "-1.5E+3");
}

TEST(plain_json, a_number_dynamodb_cannot_hold_is_refused_naming_its_path) {
  auto v = parse_plain_item(R"({"a": [1, {"b": 1e999}]})");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code(), error_code::serialization);
  EXPECT_NE(std::string(v.error().message()).find("item.a[1].b"), std::string::npos) << v.error().message();
}

TEST(plain_json, refuses_what_is_not_a_json_object) {
  for (const char* json : {"", "[1]", "\"x\"", "{\"a\":1", "{\"a\":1} x", "{\"a\":}"}) {
    auto v = parse_plain_item(json);
    ASSERT_FALSE(v) << json;
    EXPECT_EQ(v.error().code(), error_code::serialization) << json;
  }
}

TEST(plain_json, refuses_values_nested_deeper_than_64_levels) {
  std::string deep = "{\"a\":";
  for (int i = 0; i < 70; ++i) deep += "[";
  for (int i = 0; i < 70; ++i) deep += "]";
  deep += "}";
  EXPECT_FALSE(parse_plain_item(deep));
}

TEST(plain_json, an_item_in_wire_form_is_read_as_dynamodb_json) {
  auto v = parse_item_any(R"({"pk": {"S": "a"}, "n": {"N": "1.50"}, "s": {"SS": ["x"]}, "z": {"NULL": true}})");
  ASSERT_TRUE(v) << v.error();
  EXPECT_EQ(v->at("pk"), attribute_value("a"));
  EXPECT_EQ(v->at("n").as_n()->text(), "1.50");
  EXPECT_EQ(v->at("s"), attribute_value(attribute_value::string_set{"x"}));
  EXPECT_TRUE(v->at("z").is_null());
}

TEST(plain_json, one_value_not_in_wire_form_makes_the_whole_item_plain) {
  auto v = parse_item_any(R"({"pk": {"S": "a"}, "n": 1})");
  ASSERT_TRUE(v) << v.error();
  EXPECT_EQ(v->at("pk"), attribute_value(item{{"S", "a"}}));
  EXPECT_EQ(v->at("n"), attribute_value(number(1)));
}

TEST(plain_json, a_type_name_with_the_wrong_shape_is_plain) {
  auto v = parse_item_any(R"({"a": {"S": 1}, "b": {"BOOL": "yes"}})");
  ASSERT_TRUE(v) << v.error();
  EXPECT_EQ(v->at("a"), attribute_value(item{{"S", number(1)}}));
  EXPECT_EQ(v->at("b"), attribute_value(item{{"BOOL", "yes"}}));
}

TEST(plain_json, numbers_beyond_a_double_or_a_64_bit_integer_are_plain_json_to_parse_item_any) {
  // No JSON number is DynamoDB-JSON: these reach the plain reader, exact or refused by path.
  auto big = parse_item_any(R"({"pk": "a", "b": 12345678901234567890123456789012345678})");
  ASSERT_TRUE(big) << big.error();
  EXPECT_EQ(big->at("b").as_n()->text(), "12345678901234567890123456789012345678");
  auto huge = parse_item_any(R"({"pk": "a", "n": 1e999})");
  ASSERT_FALSE(huge);
  EXPECT_NE(std::string(huge.error().message()).find("item.n"), std::string::npos) << huge.error().message();
  for (const char* json : {"", "[1]", "{\"a\":1", "{\"a\":{\"S\":\"x\"}} x"}) {
    auto v = parse_item_any(json);
    ASSERT_FALSE(v) << json;
    EXPECT_EQ(v.error().code(), error_code::serialization) << json;
  }
}

TEST(plain_json, a_name_given_twice_keeps_its_last_value_in_either_form) {
  auto plain = parse_item_any(R"({"a": 1, "a": 2})");
  ASSERT_TRUE(plain) << plain.error();
  EXPECT_EQ(plain->at("a"), attribute_value(number(2)));
  auto wire = parse_item_any(R"({"a": {"N": "1"}, "a": {"N": "2"}})");
  ASSERT_TRUE(wire) << wire.error();
  EXPECT_EQ(wire->at("a"), attribute_value(number(2)));
}

TEST(plain_json, wire_form_errors_are_reported_as_parse_item_reports_them) {
  auto v = parse_item_any(R"({"n": {"N": "abc"}})");
  ASSERT_FALSE(v);
  EXPECT_NE(std::string(v.error().message()).find("item.n"), std::string::npos) << v.error().message();
}

TEST(plain_json, encodes_each_type_in_plain_form) {
  EXPECT_EQ(to_plain_json(attribute_value("x")), R"("x")");
  EXPECT_EQ(to_plain_json(attribute_value(*number::parse("0.10"))), "0.10");
  EXPECT_EQ(to_plain_json(attribute_value(*number::parse("007"))), "7");
  EXPECT_EQ(to_plain_json(attribute_value(bytes{0, 1, 2, 0xff})), R"("AAEC/w==")");
  EXPECT_EQ(to_plain_json(attribute_value(true)), "true");
  EXPECT_EQ(to_plain_json(attribute_value()), "null");
  EXPECT_EQ(to_plain_json(attribute_value::list({"a", number(1)})), R"(["a",1])");
  EXPECT_EQ(to_plain_json(attribute_value(attribute_value::string_set{"b", "a"})), R"(["a","b"])");
  EXPECT_EQ(to_plain_json(attribute_value(attribute_value::number_set{number(2), number(10)})), "[2,10]");
  EXPECT_EQ(to_plain_json(item{{"k", "v"}, {"n", number(3)}}), R"({"k":"v","n":3})");
}

TEST(plain_json, plain_form_reads_back_to_the_same_item_without_sets_or_binary) {
  const item original{{"pk", "a\"b"},
                      {"n", *number::parse("-1.25e-7")},
                      {"l", attribute_value::list({attribute_value::null(), true, item{{"x", number(1)}}})}};
  auto back = parse_plain_item(to_plain_json(original));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, original);
}

}  // namespace
}  // namespace ddbkit

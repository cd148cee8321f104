#include <ddbkit/value/dynamodb_json.hpp>

#include "common/value_generators.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace ddbkit {
namespace {

TEST(dynamodb_json, encodes_each_type_in_wire_form) {
  EXPECT_EQ(to_dynamodb_json(attribute_value("x")), R"({"S":"x"})");
  EXPECT_EQ(to_dynamodb_json(attribute_value(number(-5))), R"({"N":"-5"})");
  EXPECT_EQ(to_dynamodb_json(attribute_value(bytes{0, 1, 2, 0xff})), R"({"B":"AAEC/w=="})");
  EXPECT_EQ(to_dynamodb_json(attribute_value(true)), R"({"BOOL":true})");
  EXPECT_EQ(to_dynamodb_json(attribute_value()), R"({"NULL":true})");
  EXPECT_EQ(to_dynamodb_json(attribute_value::list({"a", number(1)})), R"({"L":[{"S":"a"},{"N":"1"}]})");
  EXPECT_EQ(to_dynamodb_json(attribute_value(item{{"k", "v"}})), R"({"M":{"k":{"S":"v"}}})");
  EXPECT_EQ(to_dynamodb_json(attribute_value(attribute_value::string_set{"b", "a"})), R"({"SS":["a","b"]})");
  EXPECT_EQ(to_dynamodb_json(attribute_value(attribute_value::number_set{number(2), number(10)})), R"({"NS":["2","10"]})");
  EXPECT_EQ(to_dynamodb_json(attribute_value(attribute_value::binary_set{bytes{1}, bytes{2, 3}})), R"({"BS":["AQ==","AgM="]})");
}

TEST(dynamodb_json, escapes_strings_as_json_requires) {
  const std::string tricky = std::string("q\"b\\n\nt\tc\x01", 10);
  const auto json = to_dynamodb_json(attribute_value(tricky));
  EXPECT_EQ(json, R"({"S":"q\"b\\n\nt\tc\u0001"})");
  EXPECT_EQ(boost::json::parse(json).at("S").as_string(), tricky);
}

TEST(dynamodb_json, decodes_every_type) {
  auto v = parse_item(R"({"s":{"S":"x"},"n":{"N":"1.5"},"b":{"B":"AAEC"},"t":{"BOOL":false},"z":{"NULL":true},
      "l":{"L":[{"N":"1"}]},"m":{"M":{"k":{"S":"v"}}},"ss":{"SS":["a"]},"ns":{"NS":["1","2"]},"bs":{"BS":["AQ=="]}})");
  ASSERT_TRUE(v) << v.error();
  EXPECT_EQ(v->at("b"), attribute_value(bytes{0, 1, 2}));
  EXPECT_EQ(v->at("n"), attribute_value(*number::parse("1.50")));
  EXPECT_EQ(v->at("t"), attribute_value(false));
  EXPECT_TRUE(v->at("z").is_null());
  EXPECT_EQ(v->at("ns").as_ns()->size(), 2u);
}

TEST(dynamodb_json, malformed_input_is_a_serialization_error_naming_the_path) {
  const char* cases[] = {
      R"({"a":{"S":1}})",          R"({"a":{"N":"abc"}})",     R"({"a":{"N":1}})",
      R"({"a":{"B":"!!!"}})",      R"({"a":{"B":"AAE"}})",     R"({"a":{"NULL":false}})",
      R"({"a":{"X":"1"}})",        R"({"a":{"S":"x","N":"1"}})", R"({"a":{}})",
      R"({"a":{"SS":["x","x"]}})", R"({"a":{"NS":["1","1.0"]}})", R"({"a":{"L":{}}})",
      R"({"a":{"M":[]}})",         R"({"a":"plain"})",          R"(["not","an","item"])",
      R"({"a":{"S":"x"})",         "",                          R"({"a":{"L":[{"M":{"b":{"BOOL":"yes"}}}]}})",
  };
  for (const char* json : cases) {
    auto v = parse_item(json);
    ASSERT_FALSE(v) << json;
    EXPECT_EQ(v.error().code(), error_code::serialization) << json;
  }
  auto nested = parse_item(R"({"a":{"L":[{"N":"1"},{"M":{"b":{"BOOL":"yes"}}}]}})");
  EXPECT_NE(std::string(nested.error().message()).find("item.a[1].b"), std::string::npos) << nested.error().message();
}

TEST(dynamodb_json, hostile_nesting_is_refused_without_crashing) {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += R"({"L":[)";
  deep += R"({"NULL":true})";
  for (int i = 0; i < 5000; ++i) deep += "]}";
  auto v = parse_attribute_value(deep);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code(), error_code::serialization);
}

TEST(dynamodb_json, the_deepest_item_dynamodb_allows_decodes) {
  attribute_value v = "leaf";
  for (int i = 0; i < 32; ++i) v = attribute_value(item{{"m", v}});
  auto back = parse_attribute_value(to_dynamodb_json(v));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, v);
}

RC_GTEST_PROP(dynamodb_json, decode_of_encode_is_the_identity, ()) {
  const auto v = *testing::gen_attribute_value(3);
  auto back = parse_attribute_value(to_dynamodb_json(v));
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == v);
}

RC_GTEST_PROP(dynamodb_json, item_round_trip, ()) {
  const auto i = *testing::gen_item();
  auto back = parse_item(to_dynamodb_json(i));
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == i);
}

RC_GTEST_PROP(dynamodb_json, arbitrary_text_never_crashes_the_decoder, (const std::string& text)) {
  auto v = parse_attribute_value(text);
  RC_ASSERT(v.has_value() || v.error().code() == error_code::serialization);
}

RC_GTEST_PROP(number, canonical_text_reads_back_equal, ()) {
  const auto n = *testing::gen_number();
  auto back = number::parse(n.canonical());
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == n);
}

}  // namespace
}  // namespace ddbkit

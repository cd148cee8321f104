#include <ddbkit/value/number.hpp>

#include <gtest/gtest.h>

#include <limits>

namespace ddbkit {
namespace {

TEST(number, accepts_json_style_decimals_and_keeps_their_text) {
  for (const char* text : {"0", "-0", "1", "-12.5", "0.001", "1E3", "1e-3", "12.5E+3", "007"}) {
    auto n = number::parse(text);
    ASSERT_TRUE(n) << text;
    EXPECT_EQ(n->text(), text);
  }
}

TEST(number, refuses_what_is_not_a_decimal) {
  for (const char* text : {"", "+1", ".5", "1.", "1e", "1e+", "0x10", "inf", "NaN", " 1", "1 ", "1,5", "--1", "1.2.3"}) {
    auto n = number::parse(text);
    ASSERT_FALSE(n) << text;
    EXPECT_EQ(n.error().code(), error_code::validation);
  }
}

TEST(number, allows_38_significant_digits_but_not_39) {
  EXPECT_TRUE(number::parse(std::string(38, '9')));
  EXPECT_FALSE(number::parse(std::string(39, '9')));
  // Leading and trailing zeros are not significant.
  EXPECT_TRUE(number::parse("000" + std::string(38, '9') + "000"));
  EXPECT_TRUE(number::parse("0." + std::string(38, '1') + "000"));
}

TEST(number, enforces_dynamodb_range) {
  EXPECT_TRUE(number::parse("1E-130"));
  EXPECT_FALSE(number::parse("1E-131"));
  EXPECT_TRUE(number::parse("9.9999999999999999999999999999999999999E+125"));
  EXPECT_FALSE(number::parse("1E126"));
  EXPECT_TRUE(number::parse("-9.9999999999999999999999999999999999999E+125"));
  EXPECT_FALSE(number::parse("-1E126"));
  EXPECT_TRUE(number::parse("0E999999"));  // zero is zero whatever its exponent
  EXPECT_FALSE(number::parse("1E99999999999999999999"));
}

TEST(number, equality_and_order_are_numeric) {
  EXPECT_EQ(*number::parse("1.50"), *number::parse("1.5"));
  EXPECT_EQ(*number::parse("100"), *number::parse("1E2"));
  EXPECT_EQ(*number::parse("-0"), number(0));
  EXPECT_LT(*number::parse("-2"), *number::parse("-1.5"));
  EXPECT_LT(*number::parse("0.09"), *number::parse("0.1"));
  EXPECT_GT(*number::parse("1E10"), *number::parse("999999999"));
  EXPECT_LT(*number::parse("-1E10"), *number::parse("-999999999"));
}

TEST(number, canonical_text) {
  EXPECT_EQ(number::parse("001.500")->canonical(), "1.5");
  EXPECT_EQ(number::parse("1E2")->canonical(), "100");
  EXPECT_EQ(number::parse("-0.0")->canonical(), "0");
  EXPECT_EQ(number::parse("0.00012")->canonical(), "0.00012");
  EXPECT_EQ(number::parse("1E-130")->canonical(), "1E-130");
  EXPECT_EQ(number::parse("12E100")->canonical(), "1.2E+101");
}

TEST(number, integer_conversions_are_exact_or_fail) {
  EXPECT_EQ(*number(std::numeric_limits<std::int64_t>::max()).to_int64(), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(*number(std::numeric_limits<std::int64_t>::min()).to_int64(), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(*number(std::numeric_limits<std::uint64_t>::max()).to_uint64(), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(*number::parse("1e3")->to_int64(), 1000);
  EXPECT_EQ(*number::parse("1.000")->to_int64(), 1);
  auto fraction = number::parse("1.5")->to_int64();
  ASSERT_FALSE(fraction);
  EXPECT_EQ(fraction.error().code(), error_code::serialization);
  EXPECT_FALSE(number::parse("9223372036854775808")->to_int64());
  EXPECT_FALSE(number::parse("-1")->to_uint64());
  EXPECT_FALSE(number::parse("1E30")->to_int64());
}

TEST(number, double_conversions_round_trip_or_fail) {
  EXPECT_EQ(*number::parse("0.1")->to_double(), 0.1);
  EXPECT_EQ(*number::parse("-2.5E10")->to_double(), -2.5e10);
  EXPECT_FALSE(number::parse("0.12345678901234567890123")->to_double());
  EXPECT_EQ(number::from_double(0.1)->text(), "0.1");
  EXPECT_EQ(*number::from_double(1e100), *number::parse("1E100"));
  EXPECT_FALSE(number::from_double(std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(number::from_double(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(number::from_double(1e300));  // outside DynamoDB's range
  EXPECT_DOUBLE_EQ(number::parse("0.12345678901234567890123")->approximate(), 0.12345678901234567890123);
}

}  // namespace
}  // namespace ddbkit

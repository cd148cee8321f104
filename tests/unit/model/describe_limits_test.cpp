// DescribeLimits: an empty request, and four numbers back.
#include <ddbkit/model/serialization.hpp>

#include "model_testing.hpp"

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

using testing::serializes_to;
using testing::undecodable_at;

TEST(describe_limits, the_request_is_an_empty_object) {
  EXPECT_TRUE(serializes_to(serialize(describe_limits_input{}), "{}"));
}

TEST(describe_limits, parses_the_four_limits) {
  // What DynamoDB Local answers.
  auto out = parse_output<describe_limits_output>(R"js({"AccountMaxReadCapacityUnits":80000,
      "AccountMaxWriteCapacityUnits":80000,"TableMaxReadCapacityUnits":40000,"TableMaxWriteCapacityUnits":40000})js");
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, (describe_limits_output{.account_max_read_capacity_units = 80000,
                                          .account_max_write_capacity_units = 80000,
                                          .table_max_read_capacity_units = 40000,
                                          .table_max_write_capacity_units = 40000}));
}

TEST(describe_limits, every_limit_is_required) {
  EXPECT_TRUE(undecodable_at(parse_output<describe_limits_output>("{}"), "AccountMaxReadCapacityUnits"));
  EXPECT_TRUE(undecodable_at(parse_output<describe_limits_output>(R"js({"AccountMaxReadCapacityUnits":1,
      "AccountMaxWriteCapacityUnits":1,"TableMaxReadCapacityUnits":1})js"),
                             "TableMaxWriteCapacityUnits"));
}

TEST(describe_limits, undecodable_members_are_named) {
  EXPECT_TRUE(undecodable_at(parse_output<describe_limits_output>(R"js({"AccountMaxReadCapacityUnits":"lots",
      "AccountMaxWriteCapacityUnits":1,"TableMaxReadCapacityUnits":1,"TableMaxWriteCapacityUnits":1})js"),
                             "AccountMaxReadCapacityUnits"));
  EXPECT_TRUE(undecodable_at(parse_output<describe_limits_output>(R"js({"AccountMaxReadCapacityUnits":1,
      "AccountMaxWriteCapacityUnits":1.5,"TableMaxReadCapacityUnits":1,"TableMaxWriteCapacityUnits":1})js"),
                             "AccountMaxWriteCapacityUnits"));
}

}  // namespace
}  // namespace ddbkit

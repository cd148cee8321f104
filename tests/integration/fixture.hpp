#pragma once
// A client on the test DynamoDB Local and a fresh table per test, deleted afterwards.
#include "common/local_endpoint.hpp"

#include <ddbkit/client.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace ddbkit::testing {

class local_table_test : public ::testing::Test {
 protected:
  void SetUp() override {
    DDBKIT_REQUIRE_LOCAL_ENDPOINT(endpoint);
    auto made = client::create(local_options(endpoint));
    ASSERT_TRUE(made) << made.error();
    ddb.emplace(std::move(*made));
  }

  void TearDown() override {
    if (!ddb) return;
    for (const auto& name : created_) (void)ddb->delete_table({.table_name = name});
  }

  /// A table with a string partition key "pk" and, when `with_sort_key`, a number sort key
  /// "sk"; deleted after the test.
  std::string make_table(bool with_sort_key = true) {
    create_table_input in{.table_name = unique_name("it"), .billing_mode = billing_mode::pay_per_request};
    in.attribute_definitions.push_back({.attribute_name = "pk", .attribute_type = scalar_attribute_type::s});
    in.key_schema.push_back({.attribute_name = "pk", .key_type = key_type::hash});
    if (with_sort_key) {
      in.attribute_definitions.push_back({.attribute_name = "sk", .attribute_type = scalar_attribute_type::n});
      in.key_schema.push_back({.attribute_name = "sk", .key_type = key_type::range});
    }
    return create(std::move(in));
  }

  /// Creates `in` (its name is remembered for deletion) and waits until it is active.
  std::string create(create_table_input in) {
    auto created = ddb->create_table(in);
    EXPECT_TRUE(created) << created.error();
    created_.push_back(in.table_name);
    auto active = ddb->wait_until_active(in.table_name, std::chrono::seconds(30));
    EXPECT_TRUE(active) << active.error();
    return in.table_name;
  }

  std::optional<client> ddb;

 private:
  std::vector<std::string> created_;
};

}  // namespace ddbkit::testing

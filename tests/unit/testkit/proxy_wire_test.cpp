// What the fault proxy reads from a request, and the answers it makes itself.
#include "testkit/proxy_wire.hpp"

#include <boost/crc.hpp>
#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace ddbkit::testkit::detail {
namespace {

TEST(proxy_wire, the_operation_is_the_part_of_x_amz_target_after_the_dot) {
  EXPECT_EQ(operation_of("DynamoDB_20120810.PutItem"), "PutItem");
  EXPECT_EQ(operation_of("Scan"), "Scan");
  EXPECT_EQ(operation_of(""), "");
}

TEST(proxy_wire, a_request_names_its_table_or_its_batch_tables) {
  EXPECT_EQ(tables_of(R"({"TableName":"orders","Item":{}})"), (std::vector<std::string>{"orders"}));
  EXPECT_EQ(tables_of(R"({"RequestItems":{"a":[],"b":{"Keys":[]}}})"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(tables_of(R"({"TransactItems":[]})").empty());
  EXPECT_TRUE(tables_of("not json").empty());
  EXPECT_TRUE(tables_of(R"({"TableName":7})").empty());
}

TEST(proxy_wire, hop_by_hop_and_framing_headers_are_recognised_in_any_case) {
  for (auto name : {"Connection", "keep-alive", "TE", "Transfer-Encoding", "Upgrade", "HOST", "content-length",
                    "Proxy-Authorization"}) {
    EXPECT_TRUE(is_hop_by_hop(name)) << name;
  }
  for (auto name : {"Authorization", "X-Amz-Target", "X-Amz-Date", "Content-Type", "x-amz-crc32"}) {
    EXPECT_FALSE(is_hop_by_hop(name)) << name;
  }
}

TEST(proxy_wire, an_injected_error_is_a_dynamodb_error_with_a_matching_crc32) {
  const auto r = injected_error(fault_kind::throttling, "id-1");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(boost::json::parse(r.body).at("__type"), "com.amazonaws.dynamodb.v20120810#ThrottlingException");
  EXPECT_EQ(r.header_value("x-amzn-RequestId"), "id-1");
  EXPECT_EQ(r.header_value("Content-Type"), "application/x-amz-json-1.0");
  boost::crc_32_type crc;
  crc.process_bytes(r.body.data(), r.body.size());
  EXPECT_EQ(r.header_value("x-amz-crc32"), std::to_string(crc.checksum()));
}

TEST(proxy_wire, set_crc32_replaces_a_stale_checksum) {
  http::response r{.status = 200, .headers = {{"X-Amz-Crc32", "12345"}}, .body = R"({"a":1})"};
  set_crc32(r);
  ASSERT_EQ(r.headers.size(), 1u);
  boost::crc_32_type crc;
  crc.process_bytes(r.body.data(), r.body.size());
  EXPECT_EQ(r.header_value("x-amz-crc32"), std::to_string(crc.checksum()));
}

TEST(proxy_wire, only_throttles_and_5xx_are_answered_instead_of_forwarded) {
  EXPECT_TRUE(answers_instead_of_forwarding(fault_kind::throttle));
  EXPECT_TRUE(answers_instead_of_forwarding(fault_kind::service_unavailable));
  EXPECT_FALSE(answers_instead_of_forwarding(fault_kind::reset_before));
  EXPECT_FALSE(answers_instead_of_forwarding(fault_kind::delay));
  EXPECT_FALSE(answers_instead_of_forwarding(fault_kind::partial_batch));
}

}  // namespace
}  // namespace ddbkit::testkit::detail

// Redaction of logged bodies and the levels of the logging observer.
#include <ddbkit/logging.hpp>

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

TEST(redact_attribute_values, replaces_every_value_and_keeps_names_and_structure) {
  const std::string body =
      R"j({"TableName":"t","Item":{"pk":{"S":"alice"},"n":{"N":"42"},"b":{"B":"AAE="},"ok":{"BOOL":true},)j"
      R"j("none":{"NULL":true},"tags":{"SS":["x","y"]},"list":{"L":[{"S":"l1"},{"N":"2"}]},)j"
      R"j("map":{"M":{"inner":{"S":"deep"}}}},"ConditionExpression":"attribute_not_exists(#p)",)j"
      R"j("ExpressionAttributeNames":{"#p":"pk"},"ExpressionAttributeValues":{":v":{"S":"bob"}}})j";
  const auto out = redact_attribute_values(body);
  for (const char* value : {"alice", "42", "AAE=", "\"x\"", "l1", "deep", "bob"}) {
    EXPECT_EQ(out.find(value), std::string::npos) << value << " in " << out;
  }
  EXPECT_NE(out.find(R"("pk":{"S":"<redacted>"})"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("NULL":true)"), std::string::npos) << "NULL carries no data";
  EXPECT_NE(out.find(R"("L":[{"S":"<redacted>"},{"N":"<redacted>"}])"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("inner":{"S":"<redacted>"})"), std::string::npos) << out;
  EXPECT_NE(out.find("attribute_not_exists(#p)"), std::string::npos);
  EXPECT_NE(out.find(R"("#p":"pk")"), std::string::npos) << "attribute names stay";
  EXPECT_EQ(redact_attribute_values("not json"), "<8 bytes, not JSON>");
}

TEST(logging_observer, writes_only_from_its_level_up) {
  std::vector<std::pair<log_level, std::string>> lines;
  logging_observer logger({.level = log_level::warn, .redact_values = true, .sink = [&](log_level l, std::string_view s) {
                             lines.emplace_back(l, std::string(s));
                           }});
  EXPECT_FALSE(logger.wants_bodies());
  const call_info call{.call_id = 1, .operation = "GetItem", .table = "t", .index = {}, .partition_key = {}};
  logger.on_call_end(call, {.error = std::nullopt, .attempts = 1, .latency = std::chrono::milliseconds(2), .consumed_capacity = {}});
  EXPECT_TRUE(lines.empty()) << "a success is debug";
  attempt_info throttled;
  throttled.error = error(error_code::throttled, "slow down");
  throttled.retry_delay = std::chrono::milliseconds(25);
  logger.on_attempt(call, throttled);
  logger.on_call_end(call, {.error = error(error_code::throttled, "slow down"), .attempts = 3,
                            .latency = std::chrono::milliseconds(80), .consumed_capacity = {}});
  logger.on_circuit_state("http://127.0.0.1:8000", circuit_state::open);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].first, log_level::warn);
  EXPECT_NE(lines[0].second.find("GetItem t attempt 1 failed"), std::string::npos) << lines[0].second;
  EXPECT_NE(lines[0].second.find("retrying in 25 ms"), std::string::npos);
  EXPECT_EQ(lines[1].first, log_level::error);
  EXPECT_NE(lines[1].second.find("failed after 3 attempt(s)"), std::string::npos) << lines[1].second;
  EXPECT_EQ(lines[2].first, log_level::warn);
  EXPECT_TRUE(logging_observer({.level = log_level::trace, .redact_values = true, .sink = {}}).wants_bodies());
}

}  // namespace
}  // namespace ddbkit

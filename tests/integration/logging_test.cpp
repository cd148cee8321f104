// Logging a whole workload at trace level, with known test secrets as the credentials, and
// searching the output: bodies are there with their values redacted, and no key, secret,
// session token or signature ever is.
#include "integration/proxied_fixture.hpp"

#include <ddbkit/logging.hpp>

#include <algorithm>
#include <mutex>

namespace ddbkit::testing {
namespace {

constexpr std::string_view key_id = "AKIDLOGTEST0000SECRET";
constexpr std::string_view secret_key = "LogTestSecretAccessKey/0123456789abcdefXYZ";
constexpr std::string_view session_token = "LogTestSessionToken+SHOULD+NEVER+APPEAR==";
constexpr std::string_view secret_value = "top-secret-attribute-value";

class logging_workload : public proxied_table_test {
 protected:

  /// Every line a trace-level logger writes for a workload with puts, gets, a query, a
  /// transaction, a refused condition and a throttled retry.
  std::vector<std::pair<log_level, std::string>> run_workload(bool redact) {
    std::mutex mutex;
    std::vector<std::pair<log_level, std::string>> lines;
    auto options = local_options(proxy->endpoint());
    // DynamoDB Local keeps tables per key id: the workload makes (and deletes) its own.
    options.credentials = static_credentials(std::string(key_id), std::string(secret_key), std::string(session_token));
    options.retry.base_delay = std::chrono::milliseconds(1);
    options.observers.push_back(std::make_shared<logging_observer>(log_options{
        .level = log_level::trace, .redact_values = redact, .sink = [&](log_level level, std::string_view line) {
          std::lock_guard lock(mutex);
          lines.emplace_back(level, std::string(line));
        }}));
    auto made = client::create(std::move(options));
    EXPECT_TRUE(made) << made.error();
    auto& c = *made;
    const std::string table = unique_name("log");
    create_table_input in{.table_name = table, .billing_mode = billing_mode::pay_per_request};
    in.attribute_definitions.push_back({.attribute_name = "pk", .attribute_type = scalar_attribute_type::s});
    in.key_schema.push_back({.attribute_name = "pk", .key_type = key_type::hash});
    EXPECT_TRUE(c.create_table(in));
    EXPECT_TRUE(c.wait_until_active(table, std::chrono::seconds(30)));
    proxy->enqueue(testkit::fault_action::of(testkit::fault_kind::throttle), "PutItem");
    EXPECT_TRUE(c.put_item({.table_name = table, .item = {{"pk", "a"}, {"secret", std::string(secret_value)}}}));
    EXPECT_TRUE(c.get_item({.table_name = table, .key = {{"pk", "a"}}}));
    EXPECT_TRUE(c.query({.table_name = table, .key_condition_expression = "pk = :p",
                         .expression_attribute_values = {{":p", "a"}}}));
    transact_write_items_input tx;
    tx.transact_items.push_back(transact_write_item{
        .put = transact_put{.table_name = table, .item = {{"pk", "b"}, {"secret", std::string(secret_value)}}}});
    EXPECT_TRUE(c.transact_write_items(tx));
    EXPECT_FALSE(c.put_item({.table_name = table, .item = {{"pk", "a"}, {"secret", std::string(secret_value)}},
                             .condition_expression = "attribute_not_exists(pk)"}));
    EXPECT_TRUE(c.delete_table({.table_name = table}));
    return lines;
  }

  static void expect_no_credentials(const std::vector<std::pair<log_level, std::string>>& lines) {
    for (const auto& [level, line] : lines) {
      for (std::string_view secret : {key_id, secret_key, session_token, std::string_view("Signature="),
                                      std::string_view("Authorization"), std::string_view("X-Amz-Security-Token")}) {
        EXPECT_EQ(line.find(secret), std::string::npos) << "found " << secret << " in: " << line;
      }
    }
  }
  static std::size_t count(const std::vector<std::pair<log_level, std::string>>& lines, log_level level,
                           std::string_view part) {
    return static_cast<std::size_t>(std::ranges::count_if(
        lines, [&](const auto& l) { return l.first == level && l.second.find(part) != std::string::npos; }));
  }
};

TEST_F(logging_workload, trace_logs_redacted_bodies_and_never_a_credential) {
  const auto lines = run_workload(true);
  ASSERT_FALSE(lines.empty());
  expect_no_credentials(lines);
  for (const auto& [level, line] : lines) EXPECT_EQ(line.find(secret_value), std::string::npos) << line;
  EXPECT_GE(count(lines, log_level::trace, "PutItem"), 6u) << "3 puts (one retried): request and response each";
  EXPECT_GE(count(lines, log_level::trace, "<redacted>"), 5u);
  EXPECT_GE(count(lines, log_level::trace, R"("secret":{"S":"<redacted>"})"), 3u) << "names stay, values go";
  EXPECT_EQ(count(lines, log_level::warn, "retrying in"), 1u) << "the throttled put";
  EXPECT_EQ(count(lines, log_level::error, "ConditionalCheckFailed"), 1u);
  EXPECT_GE(count(lines, log_level::debug, "TransactWriteItems"), 1u);
}

TEST_F(logging_workload, without_redaction_values_appear_but_credentials_still_never_do) {
  const auto lines = run_workload(false);
  expect_no_credentials(lines);
  EXPECT_GE(count(lines, log_level::trace, secret_value), 3u);
}

}  // namespace
}  // namespace ddbkit::testing

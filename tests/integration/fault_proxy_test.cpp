// The fault proxy between a ddbkit client and the real DynamoDB Local: injected faults
// reach the client as the errors DynamoDB would give, and what the proxy says was applied
// (or not) is what the table holds.
#include "integration/proxied_fixture.hpp"

#include <set>

namespace ddbkit::testing {
namespace {

using testkit::fault_action;
using testkit::fault_kind;

class fault_proxy_local : public proxied_table_test {
 protected:
  void SetUp() override {
    proxied_table_test::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    via_proxy.emplace(client_via_proxy(1));  // every fault must reach the test, not a retry loop
  }

  /// Whether the item with key (pk, sk) is in `table`, read directly, strongly consistent.
  bool stored(const std::string& table, const std::string& pk, int sk) {
    auto got = ddb->get_item({.table_name = table, .key = {{"pk", pk}, {"sk", number(sk)}}, .consistent_read = true});
    EXPECT_TRUE(got) << got.error();
    return got && got->item.has_value();
  }

  std::optional<client> via_proxy;  // declared after the proxy: goes before it
};

TEST_F(fault_proxy_local, injected_throttles_reach_the_client_as_throttled_errors) {
  const auto table = make_table();
  proxy->set_rules({{.operation = "PutItem", .action = fault_action::of(fault_kind::throttle), .on_matches = {1}},
                    {.operation = "PutItem", .action = fault_action::of(fault_kind::throttling), .on_matches = {2}}});

  auto first = via_proxy->put_item({.table_name = table, .item = {{"pk", "a"}, {"sk", number(1)}}});
  auto second = via_proxy->put_item({.table_name = table, .item = {{"pk", "a"}, {"sk", number(1)}}});
  EXPECT_FALSE(stored(table, "a", 1));
  auto third = via_proxy->put_item({.table_name = table, .item = {{"pk", "a"}, {"sk", number(1)}}});

  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().code(), error_code::throttled);
  EXPECT_EQ(first.error().aws_type(), "ProvisionedThroughputExceededException");
  EXPECT_TRUE(first.error().retryable());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code(), error_code::throttled);
  EXPECT_EQ(second.error().aws_type(), "ThrottlingException");
  ASSERT_TRUE(third) << third.error();
  EXPECT_TRUE(stored(table, "a", 1));
  const auto stats = proxy->stats();
  EXPECT_EQ(stats.by_operation.at("PutItem").injected_of(fault_kind::throttle), 1u);
  EXPECT_EQ(stats.by_operation.at("PutItem").injected_of(fault_kind::throttling), 1u);
  EXPECT_EQ(stats.by_operation.at("PutItem").forwarded, 1u);
}

TEST_F(fault_proxy_local, injected_5xx_answers_map_to_server_errors) {
  const auto table = make_table();
  proxy->enqueue(fault_action::of(fault_kind::internal_error));
  proxy->enqueue(fault_action::of(fault_kind::service_unavailable));

  auto first = via_proxy->get_item({.table_name = table, .key = {{"pk", "a"}, {"sk", number(1)}}});
  auto second = via_proxy->get_item({.table_name = table, .key = {{"pk", "a"}, {"sk", number(1)}}});

  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().code(), error_code::internal_server_error);
  EXPECT_EQ(first.error().http_status(), 500);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code(), error_code::service_unavailable);
  EXPECT_EQ(second.error().http_status(), 503);
}

TEST_F(fault_proxy_local, a_partial_batch_write_writes_exactly_the_forwarded_items_and_returns_the_rest) {
  const auto table = make_table();
  proxy->set_rules({{.operation = "BatchWriteItem", .action = fault_action::partial(0.4)}});
  batch_write_item_input write;
  for (int n = 0; n < 10; ++n) write.request_items[table].push_back(write_request::put({{"pk", "b"}, {"sk", number(n)}}));

  auto written = via_proxy->batch_write_item(write);

  ASSERT_TRUE(written) << written.error();
  ASSERT_EQ(written->unprocessed_items.size(), 1u);
  const auto& unprocessed = written->unprocessed_items.at(table);
  const std::vector<write_request> expected_rest(write.request_items[table].begin() + 4, write.request_items[table].end());
  EXPECT_EQ(unprocessed, expected_rest);
  for (int n = 0; n < 10; ++n) EXPECT_EQ(stored(table, "b", n), n < 4) << "sk " << n;
  EXPECT_EQ(proxy->stats().total.held_back, 6u);

  // Sending the unprocessed part again (no faults now) completes the batch.
  proxy->set_rules({});
  batch_write_item_input again;
  again.request_items = written->unprocessed_items;
  auto rest = via_proxy->batch_write_item(again);
  ASSERT_TRUE(rest) << rest.error();
  EXPECT_TRUE(rest->unprocessed_items.empty());
  for (int n = 0; n < 10; ++n) EXPECT_TRUE(stored(table, "b", n)) << "sk " << n;
}

TEST_F(fault_proxy_local, a_partial_batch_get_reads_the_forwarded_keys_and_returns_the_rest) {
  const auto table = make_table();
  batch_write_item_input write;
  for (int n = 0; n < 6; ++n) write.request_items[table].push_back(write_request::put({{"pk", "g"}, {"sk", number(n)}}));
  ASSERT_TRUE(ddb->batch_write_item(write));
  proxy->enqueue(fault_action::partial(0.5), "BatchGetItem");
  batch_get_item_input read;
  for (int n = 0; n < 6; ++n) read.request_items[table].keys.push_back({{"pk", "g"}, {"sk", number(n)}});
  read.request_items[table].consistent_read = true;

  auto got = via_proxy->batch_get_item(read);

  ASSERT_TRUE(got) << got.error();
  ASSERT_EQ(got->responses[table].size(), 3u);
  ASSERT_EQ(got->unprocessed_keys.size(), 1u);
  const auto& rest = got->unprocessed_keys.at(table);
  EXPECT_TRUE(rest.consistent_read);
  const std::vector<item> expected_rest(read.request_items[table].keys.begin() + 3, read.request_items[table].keys.end());
  EXPECT_EQ(rest.keys, expected_rest);
  std::set<std::string> read_keys;
  for (const auto& i : got->responses[table]) read_keys.insert(i.at("sk").as_n() != nullptr ? i.at("sk").as_n()->text() : "?");
  EXPECT_EQ(read_keys, (std::set<std::string>{"0", "1", "2"}));
}

TEST_F(fault_proxy_local, a_reset_after_forwarding_leaves_the_item_written_and_the_outcome_unknown) {
  const auto table = make_table();
  proxy->enqueue(fault_action::of(fault_kind::reset_after), "PutItem");

  auto put = via_proxy->put_item({.table_name = table, .item = {{"pk", "r"}, {"sk", number(1)}}});

  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code(), error_code::network);
  EXPECT_TRUE(put.error().outcome_unknown());
  EXPECT_TRUE(stored(table, "r", 1));
  EXPECT_EQ(proxy->stats().total.injected_of(fault_kind::reset_after), 1u);
}

TEST_F(fault_proxy_local, a_reset_before_forwarding_leaves_nothing_written) {
  const auto table = make_table();
  proxy->enqueue(fault_action::of(fault_kind::reset_before), "PutItem");

  auto put = via_proxy->put_item({.table_name = table, .item = {{"pk", "r"}, {"sk", number(2)}}});

  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code(), error_code::network);
  EXPECT_FALSE(stored(table, "r", 2));
  EXPECT_EQ(proxy->stats().total.injected_of(fault_kind::reset_before), 1u);
}

}  // namespace
}  // namespace ddbkit::testing

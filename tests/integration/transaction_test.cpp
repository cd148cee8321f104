// Transactions through typed tables against DynamoDB Local: a lost response does not apply
// an idempotent transaction twice, a failed condition cancels everything and says why.
#include "integration/proxied_fixture.hpp"

#include <ddbkit/table/transaction.hpp>

#include <boost/describe/class.hpp>

namespace ddbkit::testing {
namespace {

using testkit::fault_action;
using testkit::fault_kind;

struct counter {
  std::string pk;
  std::int64_t sk = 0;
  std::int64_t n = 0;
};
BOOST_DESCRIBE_STRUCT(counter, (), (pk, sk, n))

class transactions_local : public proxied_table_test {
 protected:
  void SetUp() override {
    proxied_table_test::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    via_proxy.emplace(client_via_proxy(retry_options{}.max_attempts));
    via_proxy_once.emplace(client_via_proxy(1));  // the application sees the lost response itself
    name = make_table();
  }

  table<counter> counters(client& c) { return table<counter>(c, name, {.keys = {.partition = "pk", .sort = "sk"}, .indexes = {}}); }

  /// Adds 1 to the counter and writes a log entry, as one transaction.
  write_transaction increment(client& c) {
    write_transaction tx;
    tx.update(counters(c), {"counter", number(0)}, expr::update{}.set(expr::path("n"), expr::if_not_exists(expr::path("n"), number(0)) + number(1)))
        .put(counters(c), counter{.pk = "log", .sk = 1, .n = 1});
    return tx;
  }

  std::int64_t count() {
    auto got = counters(*ddb).get({"counter", number(0)}, {.consistent_read = true});
    EXPECT_TRUE(got) << got.error();
    return got && *got ? (*got)->n : 0;
  }

  std::string name;
  std::optional<client> via_proxy;  // declared after the proxy: goes before it
  std::optional<client> via_proxy_once;
};

TEST_F(transactions_local, the_clients_retry_after_a_lost_response_applies_the_increment_once) {
  proxy->enqueue(fault_action::of(fault_kind::reset_after), "TransactWriteItems");
  auto done = increment(*via_proxy).with_idempotency(unique_name("increment")).commit(*via_proxy);
  ASSERT_TRUE(done) << done.error();
  const auto stats = proxy->stats().by_operation.at("TransactWriteItems");
  EXPECT_EQ(stats.forwarded, 2u) << "applied, its answer lost, sent again with the same token";
  EXPECT_EQ(stats.injected_of(fault_kind::reset_after), 1u);
  EXPECT_EQ(count(), 1);
}

TEST_F(transactions_local, the_same_operation_sent_again_by_the_application_is_applied_once) {
  const auto operation = unique_name("increment");
  proxy->enqueue(fault_action::of(fault_kind::reset_after), "TransactWriteItems");
  auto lost = increment(*via_proxy_once).with_idempotency(operation).commit(*via_proxy_once);
  ASSERT_FALSE(lost);
  EXPECT_TRUE(lost.error().outcome_unknown()) << lost.error();
  EXPECT_EQ(count(), 1) << "it was applied: only the answer was lost";

  // After a crash the operation is built again from scratch, and sent again.
  auto again = increment(*via_proxy_once).with_idempotency(operation).commit(*via_proxy_once);
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(count(), 1) << "the derived token is the same: DynamoDB applied it once";

  // The control: another operation id is another operation.
  auto other = increment(*via_proxy_once).with_idempotency(unique_name("increment")).commit(*via_proxy_once);
  ASSERT_TRUE(other) << other.error();
  EXPECT_EQ(count(), 2);
  // And without an operation id, sending again applies again: what with_idempotency prevents.
  proxy->enqueue(fault_action::of(fault_kind::reset_after), "TransactWriteItems");
  ASSERT_FALSE(increment(*via_proxy_once).commit(*via_proxy_once));
  ASSERT_TRUE(increment(*via_proxy_once).commit(*via_proxy_once));
  EXPECT_EQ(count(), 4);
}

TEST_F(transactions_local, a_failed_condition_cancels_every_action_and_names_the_one_that_failed) {
  auto& c = *ddb;
  ASSERT_TRUE(counters(c).put(counter{.pk = "balance", .sk = 0, .n = 5}));
  write_transaction tx;
  tx.put(counters(c), counter{.pk = "receipt", .sk = 9, .n = 50})
      .update(counters(c), {"balance", number(0)}, expr::update{}.set(expr::path("n"), expr::path("n") - number(50)),
              {.condition = expr::path("n") >= number(50), .old_item_on_condition_failure = true});
  auto failed = tx.commit(c);
  ASSERT_FALSE(failed);
  ASSERT_TRUE(failed.error().is_transaction_canceled()) << failed.error();
  EXPECT_EQ(failed.error().attempts(), 1) << "a condition failure is never retried";
  const auto reasons = failed.error().cancellation_reasons();
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_TRUE(reasons[0].ok());
  EXPECT_EQ(reasons[1].code, "ConditionalCheckFailed");
  auto old = old_item_of<counter>(failed.error(), 1);
  ASSERT_TRUE(old) << old.error();
  ASSERT_TRUE(old->has_value());
  EXPECT_EQ((*old)->n, 5);
  EXPECT_FALSE(counters(c).get({"receipt", number(9)}, {.consistent_read = true})->has_value())
      << "nothing of a canceled transaction is applied";
}

TEST_F(transactions_local, a_get_transaction_reads_a_consistent_snapshot_in_order) {
  auto& c = *ddb;
  ASSERT_TRUE(increment(c).commit(c));
  get_transaction tx;
  tx.get(counters(c), {"log", number(1)}).get(counters(c), {"missing", number(0)}).get(counters(c), {"counter", number(0)});
  auto got = tx.commit(c);
  ASSERT_TRUE(got) << got.error();
  ASSERT_EQ(got->items.size(), 3u);
  EXPECT_EQ(got->as<counter>(0)->value().pk, "log");
  EXPECT_FALSE(got->as<counter>(1)->has_value());
  EXPECT_EQ(got->as<counter>(2)->value().n, 1);
}

}  // namespace
}  // namespace ddbkit::testing

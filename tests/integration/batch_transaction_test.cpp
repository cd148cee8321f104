// BatchGetItem, BatchWriteItem, TransactGetItems and TransactWriteItems against DynamoDB Local.
#include "integration/fixture.hpp"

#include <set>

namespace ddbkit::testing {
namespace {

using batch_and_transactions = local_table_test;

TEST_F(batch_and_transactions, batch_write_then_batch_get_across_two_tables) {
  const auto orders = make_table();
  const auto users = make_table(false);
  batch_write_item_input write;
  for (int n = 0; n < 10; ++n) write.request_items[orders].push_back(write_request::put({{"pk", "o"}, {"sk", number(n)}}));
  write.request_items[users].push_back(write_request::put({{"pk", "ada"}, {"name", "Ada"}}));
  auto written = ddb->batch_write_item(write);
  ASSERT_TRUE(written) << written.error();
  EXPECT_TRUE(written->unprocessed_items.empty());

  batch_get_item_input read;
  for (int n = 0; n < 10; n += 3) read.request_items[orders].keys.push_back({{"pk", "o"}, {"sk", number(n)}});
  read.request_items[users].keys.push_back({{"pk", "ada"}});
  read.request_items[users].consistent_read = true;
  auto got = ddb->batch_get_item(read);
  ASSERT_TRUE(got) << got.error();
  EXPECT_TRUE(got->unprocessed_keys.empty());
  EXPECT_EQ(got->responses[orders].size(), 4u);
  ASSERT_EQ(got->responses[users].size(), 1u);
  EXPECT_EQ(got->responses[users][0].at("name"), attribute_value("Ada"));

  batch_write_item_input remove;
  remove.request_items[orders].push_back(write_request::remove({{"pk", "o"}, {"sk", number(0)}}));
  ASSERT_TRUE(ddb->batch_write_item(remove));
  auto gone = ddb->get_item({.table_name = orders, .key = {{"pk", "o"}, {"sk", number(0)}}, .consistent_read = true});
  ASSERT_TRUE(gone);
  EXPECT_FALSE(gone->item);
}

TEST_F(batch_and_transactions, oversized_batches_are_refused_before_sending) {
  const auto table = make_table();
  batch_write_item_input write;
  for (int n = 0; n < 26; ++n) write.request_items[table].push_back(write_request::put({{"pk", "o"}, {"sk", number(n)}}));
  auto refused = ddb->batch_write_item(write);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), error_code::validation);
  EXPECT_EQ(refused.error().attempts(), 0);
}

TEST_F(batch_and_transactions, transact_write_commits_all_actions) {
  const auto table = make_table();
  ASSERT_TRUE(ddb->put_item({.table_name = table, .item = {{"pk", "acct"}, {"sk", number(1)}, {"balance", number(100)}}}));
  ASSERT_TRUE(ddb->put_item({.table_name = table, .item = {{"pk", "acct"}, {"sk", number(2)}, {"balance", number(0)}}}));
  transact_write_items_input tx{.client_request_token = unique_name("transfer")};
  tx.transact_items.push_back({.update = transact_update{.table_name = table,
                                                         .key = {{"pk", "acct"}, {"sk", number(1)}},
                                                         .update_expression = "SET balance = balance - :amt",
                                                         .condition_expression = "balance >= :amt",
                                                         .expression_attribute_values = {{":amt", number(30)}}}});
  tx.transact_items.push_back({.update = transact_update{.table_name = table,
                                                         .key = {{"pk", "acct"}, {"sk", number(2)}},
                                                         .update_expression = "SET balance = balance + :amt",
                                                         .expression_attribute_values = {{":amt", number(30)}}}});
  auto committed = ddb->transact_write_items(tx);
  ASSERT_TRUE(committed) << committed.error();

  // The same token and content again is accepted without applying twice.
  auto repeated = ddb->transact_write_items(tx);
  ASSERT_TRUE(repeated) << repeated.error();

  transact_get_items_input get;
  get.transact_items.push_back({.get = {.table_name = table, .key = {{"pk", "acct"}, {"sk", number(1)}}}});
  get.transact_items.push_back({.get = {.table_name = table, .key = {{"pk", "acct"}, {"sk", number(2)}}}});
  auto balances = ddb->transact_get_items(get);
  ASSERT_TRUE(balances) << balances.error();
  ASSERT_EQ(balances->responses.size(), 2u);
  EXPECT_EQ(balances->responses[0].item->at("balance"), attribute_value(number(70)));
  EXPECT_EQ(balances->responses[1].item->at("balance"), attribute_value(number(30)));
}

TEST_F(batch_and_transactions, canceled_transaction_reports_a_reason_per_action) {
  const auto table = make_table();
  ASSERT_TRUE(ddb->put_item({.table_name = table, .item = {{"pk", "x"}, {"sk", number(1)}, {"v", number(1)}}}));
  transact_write_items_input tx;
  tx.transact_items.push_back({.put = transact_put{.table_name = table, .item = {{"pk", "x"}, {"sk", number(2)}}}});
  tx.transact_items.push_back(
      {.condition_check = transact_condition_check{
           .table_name = table,
           .key = {{"pk", "x"}, {"sk", number(1)}},
           .condition_expression = "v = :two",
           .expression_attribute_values = {{":two", number(2)}},
           .return_values_on_condition_check_failure = return_values_on_condition_check_failure::all_old}});
  auto canceled = ddb->transact_write_items(tx);
  ASSERT_FALSE(canceled);
  const error& e = canceled.error();
  ASSERT_TRUE(e.is_transaction_canceled()) << e;
  ASSERT_EQ(e.cancellation_reasons().size(), 2u);
  EXPECT_EQ(e.cancellation_reasons()[0].code, "None");
  EXPECT_EQ(e.cancellation_reasons()[1].code, "ConditionalCheckFailed");
  ASSERT_TRUE(e.cancellation_reasons()[1].item);
  EXPECT_EQ(e.cancellation_reasons()[1].item->at("v"), attribute_value(number(1)));
  EXPECT_FALSE(e.retryable());
  // Nothing of the transaction was applied.
  auto got = ddb->get_item({.table_name = table, .key = {{"pk", "x"}, {"sk", number(2)}}, .consistent_read = true});
  ASSERT_TRUE(got);
  EXPECT_FALSE(got->item);
}

TEST_F(batch_and_transactions, reused_token_with_other_content_is_idempotent_parameter_mismatch) {
  const auto table = make_table();
  const auto token = unique_name("same-token");
  transact_write_items_input first{.client_request_token = token};
  first.transact_items.push_back({.put = transact_put{.table_name = table, .item = {{"pk", "t"}, {"sk", number(1)}}}});
  ASSERT_TRUE(ddb->transact_write_items(first));
  transact_write_items_input second{.client_request_token = token};
  second.transact_items.push_back({.put = transact_put{.table_name = table, .item = {{"pk", "t"}, {"sk", number(2)}}}});
  auto mismatch = ddb->transact_write_items(second);
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().code(), error_code::idempotent_parameter_mismatch);
}

}  // namespace
}  // namespace ddbkit::testing

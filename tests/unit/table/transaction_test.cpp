// Transactions through typed tables: what the builder sends, what it refuses before
// sending, the idempotency token, and how conflicts and cancellations come back.
#include <ddbkit/table/transaction.hpp>

#include "unit/table/answering_transport.hpp"
#include "unit/table/run_blocking.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/describe/class.hpp>
#include <boost/json.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <deque>
#include <mutex>

namespace ddbkit {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using testing::answering_transport;

struct account {
  std::string pk;
  std::int64_t balance = 0;
};
BOOST_DESCRIBE_STRUCT(account, (), (pk, balance))

struct entry {
  std::string pk;
  std::string sk;
  std::string note;
};
BOOST_DESCRIBE_STRUCT(entry, (), (pk, sk, note))

std::string cancellation(const json::array& reasons) {
  return json::serialize(json::object{{"__type", "com.amazonaws.dynamodb.v20120810#TransactionCanceledException"},
                                      {"Message", "Transaction cancelled"},
                                      {"CancellationReasons", reasons}});
}

class transactions : public ::testing::Test {
 protected:
  transactions()
      : transport(std::make_shared<answering_transport>(io.get_executor(), [this](std::string_view op,
                                                                                   const std::string& body) {
          std::lock_guard lock(mutex);
          sent.push_back({std::string(op), json::parse(body).as_object()});
          if (!answers.empty()) {
            auto next = answers.front();
            answers.pop_front();
            return next;
          }
          return std::pair<int, std::string>{200, "{}"};
        })) {
    auto options = client_options::local(8000);
    options.retry.base_delay = std::chrono::milliseconds(1);
    options.retry.max_delay = std::chrono::milliseconds(2);
    ddb.emplace(*client::create(io.get_executor(), options, transport));
  }

  table<account> accounts() { return {*ddb, "accounts", {.keys = {.partition = "pk", .sort = std::nullopt}, .indexes = {}}}; }
  table<entry> ledger() { return {*ddb, "ledger", {.keys = {.partition = "pk", .sort = "sk"}, .indexes = {}}}; }

  template <class Fn>
  auto blocking(Fn fn) {
    return testing::run_blocking(io, std::move(fn));
  }

  /// A transfer: two conditional updates and a ledger entry.
  write_transaction transfer(std::int64_t amount) {
    using expr::path;
    write_transaction tx;
    tx.update(accounts(), {"alice"}, expr::update{}.set(path("balance"), path("balance") - number(amount)),
              {.condition = path("balance") >= number(amount), .old_item_on_condition_failure = true})
        .update(accounts(), {"bob"}, expr::update{}.set(path("balance"), path("balance") + number(amount)))
        .put(ledger(), entry{.pk = "alice", .sk = "t1", .note = "to bob"},
             {.condition = expr::attribute_not_exists(path("pk"))});
    return tx;
  }

  asio::io_context io;
  std::mutex mutex;
  std::vector<std::pair<std::string, json::object>> sent;
  std::deque<std::pair<int, std::string>> answers;
  std::shared_ptr<answering_transport> transport;
  std::optional<client> ddb;
};

TEST_F(transactions, the_builder_sends_each_action_with_placeholders_of_its_own) {
  auto tx = transfer(30);
  tx.check(ledger(), key{"bob", "t0"}, expr::attribute_exists(expr::path("pk")));
  ASSERT_EQ(tx.size(), 4u);
  auto done = blocking([&] { return tx.commit(*ddb); });
  ASSERT_TRUE(done) << done.error();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].first, "TransactWriteItems");
  const auto& items = sent[0].second.at("TransactItems").as_array();
  ASSERT_EQ(items.size(), 4u);
  const auto& debit = items[0].at("Update").as_object();
  EXPECT_EQ(debit.at("TableName"), "accounts");
  EXPECT_EQ(debit.at("Key"), json::parse(R"({"pk":{"S":"alice"}})"));
  EXPECT_EQ(debit.at("ReturnValuesOnConditionCheckFailure"), "ALL_OLD");
  // The update and the condition share the action's one placeholder table.
  EXPECT_EQ(debit.at("ExpressionAttributeNames").as_object().size(), 1u);
  EXPECT_EQ(debit.at("ExpressionAttributeValues").as_object().size(), 2u);
  EXPECT_EQ(items[1].at("Update").at("Key"), json::parse(R"({"pk":{"S":"bob"}})"));
  EXPECT_EQ(items[2].at("Put").at("Item"),
            json::parse(R"({"pk":{"S":"alice"},"sk":{"S":"t1"},"note":{"S":"to bob"}})"));
  EXPECT_TRUE(items[2].at("Put").as_object().contains("ConditionExpression"));
  EXPECT_EQ(items[3].at("ConditionCheck").at("Key"), json::parse(R"({"pk":{"S":"bob"},"sk":{"S":"t0"}})"));
  EXPECT_TRUE(sent[0].second.contains("ClientRequestToken")) << "the client gives every transaction a token";
}

TEST_F(transactions, an_action_that_cannot_be_built_is_refused_by_index_and_nothing_is_sent) {
  auto tx = transfer(10);
  tx.remove(ledger(), key{"alice"});  // no sort key: the table has one
  tx.put(accounts(), account{.pk = "carol", .balance = 1});
  auto refused = blocking([&] { return tx.commit(*ddb); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), error_code::validation);
  EXPECT_TRUE(refused.error().field().starts_with("TransactWriteItems.TransactItems[3]")) << refused.error();
  EXPECT_EQ(transport->requests(), 0u);

  write_transaction empty_check;
  empty_check.check(accounts(), key{"a"}, expr::condition{});
  EXPECT_FALSE(empty_check.request()) << "a condition check without a condition";
}

TEST_F(transactions, dynamodbs_limits_are_checked_before_sending) {
  write_transaction too_many;
  for (int i = 0; i < 101; ++i) too_many.put(accounts(), account{.pk = "a" + std::to_string(i), .balance = i});
  auto many = blocking([&] { return too_many.commit(*ddb); });
  ASSERT_FALSE(many);
  EXPECT_EQ(many.error().code(), error_code::validation);

  write_transaction same_item;
  same_item.put(accounts(), account{.pk = "x", .balance = 1}).remove(accounts(), key{"x"});
  auto twice = blocking([&] { return same_item.commit(*ddb); });
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code(), error_code::validation);

  write_transaction too_big;  // 11 items of 390 KB: 4.2 MB
  const std::string blob(390 * 1024, 'x');
  for (int i = 0; i < 11; ++i) too_big.put(ledger(), entry{.pk = "big", .sk = std::to_string(i), .note = blob});
  auto big = blocking([&] { return too_big.commit(*ddb); });
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code(), error_code::validation);

  get_transaction same_key;
  same_key.get(accounts(), key{"x"}).get(accounts(), key{"x"});
  auto reads = blocking([&] { return same_key.commit(*ddb); });
  ASSERT_FALSE(reads);
  EXPECT_EQ(reads.error().code(), error_code::validation);
  EXPECT_EQ(transport->requests(), 0u);
}

TEST_F(transactions, the_idempotency_token_is_a_function_of_the_operation_and_the_content) {
  const auto token = [&](std::string_view id, std::int64_t amount) {
    auto in = transfer(amount).with_idempotency(std::string(id)).request();
    EXPECT_TRUE(in) << in.error();
    return in ? in->client_request_token.value_or("") : "";
  };
  const auto first = token("order-42/checkout", 30);
  EXPECT_EQ(first.size(), 36u);
  EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos) << first;
  EXPECT_EQ(token("order-42/checkout", 30), first) << "built again (after a crash): the same token";
  EXPECT_NE(token("order-43/checkout", 30), first);
  EXPECT_NE(token("order-42/checkout", 31), first);
  const std::string long_id(200, 'o');
  EXPECT_EQ(token(long_id, 30).size(), 36u) << "the seed's token exceeds 36 characters past 19";

  auto capacity = transfer(30).with_idempotency("order-42/checkout").with_capacity(return_consumed_capacity::total).request();
  EXPECT_EQ(capacity->client_request_token, first) << "asking for capacity is not content";

  EXPECT_FALSE(transfer(30).with_idempotency("").request()) << "an empty operation id";
}

RC_GTEST_PROP(idempotency_token, is_36_hex_characters_and_deterministic, (std::string id, std::int64_t amount)) {
  RC_PRE(!id.empty());
  transact_write_items_input in;
  in.transact_items.push_back({.put = transact_put{.table_name = "things", .item = {{"pk", "k"}, {"n", number(amount)}}}});
  auto a = idempotency_token(id, in);
  RC_ASSERT(a.has_value());
  RC_ASSERT(a->size() == 36u);
  RC_ASSERT(a->find_first_not_of("0123456789abcdef") == std::string::npos);
  RC_ASSERT(*idempotency_token(id, in) == *a);
  in.transact_items[0].put->item["n"] = number(amount == 0 ? 1 : 0);
  RC_ASSERT(*idempotency_token(id, in) != *a);
}

TEST_F(transactions, a_conflict_is_retried_with_the_same_derived_token) {
  answers.push_back({400, cancellation({json::object{{"Code", "None"}}, json::object{{"Code", "TransactionConflict"}},
                                        json::object{{"Code", "None"}}})});
  answers.push_back({400, R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionInProgressException","message":"busy"})"});
  auto tx = transfer(5).with_idempotency("transfer-7");
  auto done = blocking([&] { return tx.commit(*ddb); });
  ASSERT_TRUE(done) << done.error();
  ASSERT_EQ(sent.size(), 3u);
  const auto expected = tx.request()->client_request_token.value();
  for (const auto& [op, body] : sent) EXPECT_EQ(body.at("ClientRequestToken"), expected.c_str());
}

TEST_F(transactions, a_condition_failure_is_not_retried_and_its_old_item_reads_as_t) {
  answers.push_back({400, cancellation({json::object{{"Code", "ConditionalCheckFailed"},
                                                     {"Message", "The conditional request failed"},
                                                     {"Item", json::parse(R"({"pk":{"S":"alice"},"balance":{"N":"7"}})")}},
                                        json::object{{"Code", "None"}}, json::object{{"Code", "None"}}})});
  auto failed = blocking([&] { return transfer(30).commit(*ddb); });
  ASSERT_FALSE(failed);
  EXPECT_TRUE(failed.error().is_transaction_canceled());
  EXPECT_EQ(sent.size(), 1u);
  ASSERT_EQ(failed.error().cancellation_reasons().size(), 3u) << "one reason per action, in the builder's order";
  EXPECT_EQ(failed.error().cancellation_reasons()[0].code, "ConditionalCheckFailed");
  auto old = old_item_of<account>(failed.error(), 0);
  ASSERT_TRUE(old) << old.error();
  ASSERT_TRUE(old->has_value());
  EXPECT_EQ((*old)->balance, 7);
  EXPECT_FALSE(old_item_of<account>(failed.error(), 1)->has_value());
  EXPECT_FALSE(old_item_of<entry>(failed.error(), 0)) << "an item that does not fit T is an error";
}

TEST_F(transactions, a_get_transaction_reads_items_in_the_order_they_were_added) {
  answers.push_back({200, R"({"Responses":[{"Item":{"pk":{"S":"bob"},"balance":{"N":"40"}}},{},)"
                          R"({"Item":{"pk":{"S":"alice"},"sk":{"S":"t1"},"note":{"S":"hi"}}}]})"});
  get_transaction tx;
  tx.get(accounts(), key{"bob"}).get(accounts(), key{"nobody"}).get(ledger(), key{"alice", "t1"}, {expr::path("note")});
  auto got = blocking([&] { return tx.commit(*ddb); });
  ASSERT_TRUE(got) << got.error();
  ASSERT_EQ(got->items.size(), 3u);
  EXPECT_EQ(got->as<account>(0)->value().balance, 40);
  EXPECT_FALSE(got->as<account>(1)->has_value());
  EXPECT_EQ(got->as<entry>(2)->value().note, "hi");
  const auto& gets = sent.at(0).second.at("TransactItems").as_array();
  ASSERT_EQ(gets.size(), 3u);
  EXPECT_EQ(gets[2].at("Get").at("TableName"), "ledger");
  EXPECT_TRUE(gets[2].at("Get").as_object().contains("ProjectionExpression"));
}

TEST_F(transactions, async_commit_sends_the_same_request) {
  auto tx = transfer(3).with_idempotency("async-1");
  std::optional<result<transact_write_items_output>> done;
  tx.async_commit(*ddb, {}, [&](result<transact_write_items_output> r) { done = std::move(r); });
  io.run();
  ASSERT_TRUE(done.has_value());
  ASSERT_TRUE(*done) << done->error();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].second.at("ClientRequestToken"), tx.request()->client_request_token->c_str());

  write_transaction broken;
  broken.remove(ledger(), key{"no-sort-key"});
  std::optional<result<transact_write_items_output>> refused;
  io.restart();
  broken.async_commit(*ddb, {}, [&](result<transact_write_items_output> r) { refused = std::move(r); });
  EXPECT_FALSE(refused.has_value()) << "never completed inside the initiation";
  io.run();
  ASSERT_TRUE(refused.has_value());
  EXPECT_FALSE(*refused);
  EXPECT_EQ(sent.size(), 1u);
}

}  // namespace
}  // namespace ddbkit

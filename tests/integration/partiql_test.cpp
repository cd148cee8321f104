// ExecuteStatement, BatchExecuteStatement, ExecuteTransaction (PartiQL) and DescribeLimits
// against DynamoDB Local, blocking and with co_await.
#include "integration/fixture.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <vector>

namespace ddbkit::testing {
namespace {

namespace asio = boost::asio;
// Requests are built in a statement of their own, not inside the co_await expression:
// GCC 12 miscompiles braced initializer lists that live across a suspension point.
// Inside the coroutines only EXPECT_* is used (ASSERT_* returns, which a coroutine cannot).

class partiql : public local_table_test {
 protected:
  void SetUp() override {
    local_table_test::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    table = make_table();
    quoted = "\"" + table + "\"";  // the fixture's names hold '-', which PartiQL needs quoted
  }

  /// Runs `fn` as a coroutine on an io_context of the test's own until it finishes; the
  /// client completes on it, its requests run on the client's I/O thread.
  template <class Fn>
  void run(Fn fn) {
    asio::io_context io;
    std::exception_ptr failure;
    asio::co_spawn(io, fn(), [&](std::exception_ptr e) { failure = e; });
    io.run();
    if (failure) std::rethrow_exception(failure);
  }

  std::string insert_key() const { return "INSERT INTO " + quoted + " VALUE {'pk': ?, 'sk': ?}"; }
  std::string select_key() const { return "SELECT * FROM " + quoted + " WHERE pk = ? AND sk = ?"; }
  std::string select_partition() const { return "SELECT * FROM " + quoted + " WHERE pk = ?"; }
  /// Sets v to `to` only where it is `from` now.
  std::string update_v_if() const { return "UPDATE " + quoted + " SET v = ? WHERE pk = ? AND sk = ? AND v = ?"; }

  /// Writes (pk, sk 0..count-1) with ExecuteTransaction.
  void insert_partition(const std::string& pk, int count) {
    execute_transaction_input tx;
    for (int n = 0; n < count; ++n) tx.transact_statements.push_back({.statement = insert_key(), .parameters = {pk, number(n)}});
    auto inserted = ddb->execute_transaction(tx);
    ASSERT_TRUE(inserted) << inserted.error();
  }

  std::optional<item> stored(const std::string& pk, int sk) {
    auto got = ddb->get_item({.table_name = table, .key = {{"pk", pk}, {"sk", number(sk)}}, .consistent_read = true});
    EXPECT_TRUE(got) << got.error();
    return got ? got->item : std::nullopt;
  }

  std::string table;
  std::string quoted;
};

/// An item of many attribute types, written through parameters.
item order(const std::string& pk, int sk) {
  return item{{"pk", pk},
              {"sk", number(sk)},
              {"tags", attribute_value::string_set{"new", "paid"}},
              {"lines", attribute_value::list({item{{"sku", "A-1"}, {"qty", number(2)}}, *number::parse("9.99")})},
              {"gift", true},
              {"note", null_value{}}};
}

std::string insert_order(const std::string& quoted) {
  return "INSERT INTO " + quoted + " VALUE {'pk': ?, 'sk': ?, 'tags': ?, 'lines': ?, 'gift': ?, 'note': ?}";
}

std::vector<attribute_value> order_parameters(const item& o) {
  return {o.at("pk"), o.at("sk"), o.at("tags"), o.at("lines"), o.at("gift"), o.at("note")};
}

std::vector<int> sort_keys_of(const std::vector<item>& items) {
  std::vector<int> out;
  for (const auto& i : items) out.push_back(static_cast<int>(*i.at("sk").as_n()->to_int64()));
  return out;
}

// ---- ExecuteStatement ------------------------------------------------------------------

TEST_F(partiql, insert_with_parameters_then_select_returns_the_same_item) {
  const item written = order("o", 1);
  auto inserted = ddb->execute_statement({.statement = insert_order(quoted), .parameters = order_parameters(written)});
  ASSERT_TRUE(inserted) << inserted.error();
  EXPECT_TRUE(inserted->items.empty());

  auto selected = ddb->execute_statement({.statement = select_key(), .parameters = {"o", number(1)}, .consistent_read = true});
  ASSERT_TRUE(selected) << selected.error();
  ASSERT_EQ(selected->items.size(), 1u);
  EXPECT_EQ(selected->items[0], written);
  EXPECT_EQ(stored("o", 1), written);  // the same item as the key-value API sees it
}

TEST_F(partiql, insert_with_parameters_then_select_returns_the_same_item_async) {
  const item written = order("o", 2);
  std::optional<result<execute_statement_output>> inserted, selected;
  run([&]() -> asio::awaitable<void> {
    auto insert = execute_statement_input{.statement = insert_order(quoted), .parameters = order_parameters(written)};
    inserted = co_await ddb->async_execute_statement(std::move(insert), asio::use_awaitable);
    auto select = execute_statement_input{.statement = select_key(), .parameters = {"o", number(2)}, .consistent_read = true};
    selected = co_await ddb->async_execute_statement(std::move(select), asio::use_awaitable);
  });
  ASSERT_TRUE(inserted.has_value() && selected.has_value());
  ASSERT_TRUE(*inserted) << inserted->error();
  ASSERT_TRUE(*selected) << selected->error();
  ASSERT_EQ((*selected)->items.size(), 1u);
  EXPECT_EQ((*selected)->items[0], written);
}

TEST_F(partiql, select_with_a_limit_pages_through_next_token) {
  insert_partition("p", 5);
  execute_statement_input select{.statement = select_partition(), .parameters = {"p"}, .consistent_read = true, .limit = 2};
  std::vector<item> items;
  int pages = 0;
  do {
    auto page = ddb->execute_statement(select);
    ASSERT_TRUE(page) << page.error();
    EXPECT_LE(page->items.size(), 2u);
    items.insert(items.end(), page->items.begin(), page->items.end());
    select.next_token = page->next_token;
    ASSERT_LT(++pages, 10) << "paging does not end";
  } while (select.next_token);
  EXPECT_GE(pages, 3);
  EXPECT_EQ(sort_keys_of(items), (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST_F(partiql, select_with_a_limit_pages_through_next_token_async) {
  insert_partition("p", 5);
  std::vector<item> items;
  int pages = 0;
  run([&]() -> asio::awaitable<void> {
    std::optional<std::string> next_token;
    do {
      auto select = execute_statement_input{.statement = select_partition(), .parameters = {"p"},
                                            .consistent_read = true, .next_token = next_token, .limit = 2};
      auto page = co_await ddb->async_execute_statement(std::move(select), asio::use_awaitable);
      if (!page) {
        ADD_FAILURE() << page.error();
        co_return;
      }
      items.insert(items.end(), page->items.begin(), page->items.end());
      next_token = page->next_token;
    } while (next_token && ++pages < 10);
  });
  EXPECT_GE(pages, 2);
  EXPECT_EQ(sort_keys_of(items), (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST_F(partiql, a_malformed_statement_is_a_validation_error_from_the_service) {
  auto malformed = ddb->execute_statement({.statement = "SELEC * FROM " + quoted});
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code(), error_code::validation);
  EXPECT_EQ(malformed.error().http_status(), 400);
  EXPECT_EQ(malformed.error().attempts(), 1);  // sent once, not retried

  auto missing_parameter = ddb->execute_statement({.statement = select_partition()});
  ASSERT_FALSE(missing_parameter);
  EXPECT_EQ(missing_parameter.error().code(), error_code::validation);
  EXPECT_EQ(missing_parameter.error().http_status(), 400);
}

TEST_F(partiql, an_empty_statement_is_refused_before_sending) {
  auto refused = ddb->execute_statement({.statement = ""});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), error_code::validation);
  EXPECT_EQ(refused.error().field(), "ExecuteStatement.Statement");
  EXPECT_EQ(refused.error().attempts(), 0);
}

TEST_F(partiql, a_failed_condition_returns_the_old_item) {
  ASSERT_TRUE(ddb->execute_statement({.statement = insert_key(), .parameters = {"c", number(1)}}));
  auto failed = ddb->execute_statement(
      {.statement = update_v_if(),
       .parameters = {number(2), "c", number(1), number(1)},
       .return_values_on_condition_check_failure = return_values_on_condition_check_failure::all_old});
  ASSERT_FALSE(failed);
  EXPECT_TRUE(failed.error().is_condition_failed()) << failed.error();
  ASSERT_NE(failed.error().old_item(), nullptr);
  EXPECT_EQ(*failed.error().old_item(), (item{{"pk", "c"}, {"sk", number(1)}}));
}

TEST_F(partiql, inserting_an_existing_key_fails_as_duplicate_item) {
  ASSERT_TRUE(ddb->execute_statement({.statement = insert_key(), .parameters = {"d", number(1)}}));
  auto duplicate = ddb->execute_statement({.statement = insert_key(), .parameters = {"d", number(1)}});
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code(), error_code::duplicate_item) << duplicate.error();
  EXPECT_EQ(duplicate.error().http_status(), 400);
  EXPECT_FALSE(duplicate.error().retryable());
}

// ---- BatchExecuteStatement -------------------------------------------------------------

TEST_F(partiql, batch_reports_a_failed_statement_in_its_response_not_as_an_error) {
  ASSERT_TRUE(ddb->execute_statement({.statement = insert_key(), .parameters = {"b", number(1)}}));
  batch_execute_statement_input batch;
  batch.statements.push_back({.statement = insert_key(), .parameters = {"b", number(2)}});
  batch.statements.push_back({.statement = insert_key(), .parameters = {"b", number(1)}});  // exists already
  auto done = ddb->batch_execute_statement(batch);
  ASSERT_TRUE(done) << done.error();
  ASSERT_EQ(done->responses.size(), 2u);
  EXPECT_FALSE(done->responses[0].error);
  EXPECT_EQ(done->responses[0].table_name, table);
  ASSERT_TRUE(done->responses[1].error);
  EXPECT_EQ(done->responses[1].error->code, "DuplicateItem");
  EXPECT_FALSE(done->responses[1].error->message.empty());
  EXPECT_TRUE(stored("b", 2));  // the good statement was applied
}

TEST_F(partiql, batch_of_selects_answers_per_statement) {
  insert_partition("r", 2);
  batch_execute_statement_input batch;
  for (int sk : {1, 7, 0}) {
    batch.statements.push_back({.statement = select_key(), .parameters = {"r", number(sk)}, .consistent_read = true});
  }
  auto read = ddb->batch_execute_statement(batch);
  ASSERT_TRUE(read) << read.error();
  ASSERT_EQ(read->responses.size(), 3u);
  EXPECT_EQ(read->responses[0].item, (item{{"pk", "r"}, {"sk", number(1)}}));
  EXPECT_FALSE(read->responses[1].item);  // no such key: no item, no error
  EXPECT_FALSE(read->responses[1].error);
  EXPECT_EQ(read->responses[2].item, (item{{"pk", "r"}, {"sk", number(0)}}));
}

TEST_F(partiql, batch_reports_a_failed_statement_in_its_response_async) {
  ASSERT_TRUE(ddb->execute_statement({.statement = insert_key(), .parameters = {"b", number(1)}}));
  std::optional<result<batch_execute_statement_output>> done;
  run([&]() -> asio::awaitable<void> {
    auto batch = batch_execute_statement_input{};
    batch.statements.push_back({.statement = insert_key(), .parameters = {"b", number(1)}});  // exists already
    batch.statements.push_back({.statement = insert_key(), .parameters = {"b", number(3)}});
    done = co_await ddb->async_batch_execute_statement(std::move(batch), asio::use_awaitable);
  });
  ASSERT_TRUE(done.has_value());
  ASSERT_TRUE(*done) << done->error();
  ASSERT_EQ((*done)->responses.size(), 2u);
  ASSERT_TRUE((*done)->responses[0].error);
  EXPECT_EQ((*done)->responses[0].error->code, "DuplicateItem");
  EXPECT_FALSE((*done)->responses[1].error);
  EXPECT_TRUE(stored("b", 3));
}

TEST_F(partiql, batch_mixing_reads_and_writes_is_a_validation_error) {
  batch_execute_statement_input batch;
  batch.statements.push_back({.statement = insert_key(), .parameters = {"m", number(1)}});
  batch.statements.push_back({.statement = select_key(), .parameters = {"m", number(1)}});
  auto refused = ddb->batch_execute_statement(batch);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), error_code::validation);
}

// ---- ExecuteTransaction ----------------------------------------------------------------

TEST_F(partiql, transaction_inserts_both_items) {
  execute_transaction_input tx;
  tx.transact_statements.push_back({.statement = insert_key(), .parameters = {"t", number(1)}});
  tx.transact_statements.push_back({.statement = insert_key(), .parameters = {"t", number(2)}});
  auto committed = ddb->execute_transaction(tx);  // without a token: the client sets one
  ASSERT_TRUE(committed) << committed.error();
  EXPECT_TRUE(stored("t", 1));
  EXPECT_TRUE(stored("t", 2));

  execute_transaction_input read;
  read.transact_statements.push_back({.statement = select_key(), .parameters = {"t", number(2)}});
  read.transact_statements.push_back({.statement = select_key(), .parameters = {"t", number(9)}});
  auto got = ddb->execute_transaction(read);
  ASSERT_TRUE(got) << got.error();
  ASSERT_EQ(got->responses.size(), 2u);
  EXPECT_EQ(got->responses[0].item, (item{{"pk", "t"}, {"sk", number(2)}}));
  EXPECT_FALSE(got->responses[1].item);
}

TEST_F(partiql, a_transaction_repeated_with_its_token_is_applied_once) {
  execute_transaction_input tx{.client_request_token = unique_name("partiql")};
  tx.transact_statements.push_back({.statement = insert_key(), .parameters = {"i", number(1)}});
  ASSERT_TRUE(ddb->execute_transaction(tx));
  // Applied again, the INSERT would fail on its own first success; the token prevents that.
  auto repeated = ddb->execute_transaction(tx);
  EXPECT_TRUE(repeated) << repeated.error();
}

TEST_F(partiql, canceled_transaction_reports_a_reason_per_statement_and_applies_nothing) {
  ASSERT_TRUE(ddb->execute_statement({.statement = insert_key(), .parameters = {"x", number(1)}}));
  execute_transaction_input tx;
  tx.transact_statements.push_back({.statement = insert_key(), .parameters = {"x", number(2)}});
  tx.transact_statements.push_back({.statement = update_v_if(), .parameters = {number(2), "x", number(1), number(1)}});
  auto canceled = ddb->execute_transaction(tx);
  ASSERT_FALSE(canceled);
  const error& e = canceled.error();
  ASSERT_TRUE(e.is_transaction_canceled()) << e;
  ASSERT_EQ(e.cancellation_reasons().size(), 2u);
  EXPECT_EQ(e.cancellation_reasons()[0].code, "None");
  EXPECT_EQ(e.cancellation_reasons()[1].code, "ConditionalCheckFailed");
  EXPECT_FALSE(e.retryable());
  EXPECT_FALSE(stored("x", 2));
}

TEST_F(partiql, transaction_commits_and_cancels_async) {
  ASSERT_TRUE(ddb->execute_statement({.statement = insert_key(), .parameters = {"a", number(1)}}));
  std::optional<result<execute_transaction_output>> committed, canceled;
  run([&]() -> asio::awaitable<void> {
    auto good = execute_transaction_input{};
    good.transact_statements.push_back({.statement = insert_key(), .parameters = {"a", number(2)}});
    good.transact_statements.push_back({.statement = insert_key(), .parameters = {"a", number(3)}});
    committed = co_await ddb->async_execute_transaction(std::move(good), asio::use_awaitable);
    auto bad = execute_transaction_input{};
    bad.transact_statements.push_back({.statement = insert_key(), .parameters = {"a", number(4)}});
    bad.transact_statements.push_back({.statement = update_v_if(), .parameters = {number(2), "a", number(1), number(1)}});
    canceled = co_await ddb->async_execute_transaction(std::move(bad), asio::use_awaitable);
  });
  ASSERT_TRUE(committed.has_value() && canceled.has_value());
  ASSERT_TRUE(*committed) << committed->error();
  EXPECT_TRUE(stored("a", 2));
  EXPECT_TRUE(stored("a", 3));
  ASSERT_FALSE(*canceled);
  const error& e = canceled->error();
  ASSERT_TRUE(e.is_transaction_canceled()) << e;
  ASSERT_EQ(e.cancellation_reasons().size(), 2u);
  EXPECT_TRUE(e.cancellation_reasons()[0].ok());
  EXPECT_EQ(e.cancellation_reasons()[1].code, "ConditionalCheckFailed");
  EXPECT_FALSE(stored("a", 4));
}

// ---- DescribeLimits --------------------------------------------------------------------

void expect_plausible(const describe_limits_output& limits) {
  EXPECT_GT(limits.table_max_read_capacity_units, 0);
  EXPECT_GT(limits.table_max_write_capacity_units, 0);
  EXPECT_GE(limits.account_max_read_capacity_units, limits.table_max_read_capacity_units);
  EXPECT_GE(limits.account_max_write_capacity_units, limits.table_max_write_capacity_units);
}

TEST_F(partiql, describe_limits_returns_positive_limits) {
  auto limits = ddb->describe_limits({});
  ASSERT_TRUE(limits) << limits.error();
  expect_plausible(*limits);
}

TEST_F(partiql, describe_limits_returns_positive_limits_async) {
  std::optional<result<describe_limits_output>> limits;
  run([&]() -> asio::awaitable<void> {
    auto request = describe_limits_input{};
    limits = co_await ddb->async_describe_limits(std::move(request), asio::use_awaitable);
  });
  ASSERT_TRUE(limits.has_value());
  ASSERT_TRUE(*limits) << limits->error();
  expect_plausible(**limits);
}

}  // namespace
}  // namespace ddbkit::testing

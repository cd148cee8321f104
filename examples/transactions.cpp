// Transactions through typed tables: a transfer that debits, credits and records in one
// TransactWriteItems, idempotent under an operation id (sent again after a lost answer or
// a crash, it is applied once), and a failed condition that says which action failed.
#include "example_table.hpp"

#include <ddbkit/table/transaction.hpp>

#include <boost/describe/class.hpp>

#include <chrono>
#include <iostream>
#include <string>

struct account {
  std::string pk;
  std::int64_t sk = 0;
  std::int64_t balance = 0;
};
BOOST_DESCRIBE_STRUCT(account, (), (pk, sk, balance))

int main() {
  using namespace ddbkit;
  using expr::path;
  const std::string name = "example-transactions";
  auto ddb = example_client_with_table(name, scalar_attribute_type::n);
  if (!ddb) return 1;
  auto accounts = table<account>::open(*ddb, name);
  if (!accounts) { std::cerr << accounts.error() << "\n"; return 1; }
  for (auto who : {"alice", "bob"}) {
    if (auto put = accounts->put({.pk = who, .sk = 0, .balance = 100}); !put) { std::cerr << put.error() << "\n"; return 1; }
  }

  // Move 30 from alice to bob, and record it: all or nothing.
  const auto transfer = [&](std::int64_t amount, std::string operation_id) {
    write_transaction tx;
    tx.update(*accounts, {"alice", number(0)}, expr::update{}.set(path("balance"), path("balance") - number(amount)),
              {.condition = path("balance") >= number(amount), .old_item_on_condition_failure = true})
        .update(*accounts, {"bob", number(0)}, expr::update{}.set(path("balance"), path("balance") + number(amount)))
        .put(*accounts, {.pk = "transfer#" + operation_id, .sk = 0, .balance = amount},
             {.condition = path("pk").not_exists()})
        .with_idempotency(std::move(operation_id));  // ClientRequestToken from the id and the content
    return tx.commit(*ddb);
  };
  // Operation ids name logical operations: unique per operation (DynamoDB remembers a token
  // for 10 minutes, DynamoDB Local as long as it runs), stable across its retries.
  const std::string run = std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  auto done = transfer(30, "transfer-1@" + run);
  if (!done) { std::cerr << done.error() << "\n"; return 1; }
  // The same operation again (a retry after a lost answer, a restarted process): applied once.
  auto again = transfer(30, "transfer-1@" + run);
  if (!again) { std::cerr << again.error() << "\n"; return 1; }

  // Too much: the condition of action 0 fails, nothing is applied, the reason says which.
  auto refused = transfer(500, "transfer-2@" + run);
  if (refused || !refused.error().is_transaction_canceled()) { std::cerr << "expected a cancellation\n"; return 1; }
  const auto reasons = refused.error().cancellation_reasons();
  auto seen = old_item_of<account>(refused.error(), 0);  // the item as action 0 saw it, as T
  std::cout << "action 0: " << reasons[0].code << ", alice had " << (seen && *seen ? (*seen)->balance : -1) << "\n";

  get_transaction read;
  read.get(*accounts, {"alice", number(0)}).get(*accounts, {"bob", number(0)});
  auto both = read.commit(*ddb);  // one consistent snapshot
  if (!both) { std::cerr << both.error() << "\n"; return 1; }
  const auto alice = both->as<account>(0)->value().balance, bob = both->as<account>(1)->value().balance;
  std::cout << "alice " << alice << ", bob " << bob << "\n";
  (void)ddb->delete_table({.table_name = name});
  return alice == 70 && bob == 130 && reasons[0].code == "ConditionalCheckFailed" ? 0 : 1;
}

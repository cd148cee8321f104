// The capacity budget's token bucket with a fake clock: a budgeted table's consumption is
// held to its rate, debt makes the next request wait exactly as long as it takes to repay.
#include <ddbkit/retry/capacity_budget.hpp>

#include <gtest/gtest.h>

namespace ddbkit::retry {
namespace {

using namespace std::chrono_literals;
using clock_time = std::chrono::steady_clock::time_point;

const clock_time t0 = clock_time{} + 100s;

capacity_budget orders_budget() {
  return capacity_budget({.tables = {{"orders", {.read_units_per_second = 100, .write_units_per_second = 10}}},
                          .burst_seconds = 1.0});
}

TEST(capacity_budget, a_fresh_bucket_holds_one_burst_and_does_not_wait) {
  auto b = orders_budget();
  EXPECT_EQ(b.acquire("orders", capacity_kind::write, t0), 0ns);
  EXPECT_DOUBLE_EQ(b.balance("orders", capacity_kind::write, t0), 10.0);
  EXPECT_DOUBLE_EQ(b.balance("orders", capacity_kind::read, t0), 100.0);
}

TEST(capacity_budget, debt_waits_as_long_as_the_rate_needs_to_repay_it) {
  auto b = orders_budget();
  b.charge("orders", capacity_kind::write, 25, t0);  // 10 in the bucket: 15 in debt
  EXPECT_DOUBLE_EQ(b.balance("orders", capacity_kind::write, t0), -15.0);
  EXPECT_EQ(b.acquire("orders", capacity_kind::write, t0), 1500ms) << "15 units at 10 per second";
  EXPECT_EQ(b.acquire("orders", capacity_kind::write, t0 + 1s), 500ms);
  EXPECT_EQ(b.acquire("orders", capacity_kind::write, t0 + 1500ms), 0ns);
  EXPECT_EQ(b.acquire("orders", capacity_kind::read, t0), 0ns) << "reads have their own bucket";
}

TEST(capacity_budget, an_idle_bucket_saves_no_more_than_the_burst) {
  auto b = orders_budget();
  b.charge("orders", capacity_kind::write, 10, t0);
  EXPECT_DOUBLE_EQ(b.balance("orders", capacity_kind::write, t0 + 1h), 10.0);
}

TEST(capacity_budget, over_a_long_run_consumption_stays_under_the_rate) {
  // A caller that sends whenever acquire() allows, each request consuming 3 units.
  auto b = orders_budget();
  clock_time now = t0;
  double consumed = 0;
  while (now < t0 + 60s) {
    now += b.acquire("orders", capacity_kind::write, now);
    b.charge("orders", capacity_kind::write, 3, now);
    consumed += 3;
  }
  const double seconds = std::chrono::duration<double>(now - t0).count();
  EXPECT_LE(consumed, 10 * seconds + 10 + 3) << "the rate, the burst, and one request's overdraft";
  EXPECT_GE(consumed, 10 * seconds) << "and the budget is used, not wasted";
}

TEST(capacity_budget, tables_without_a_budget_and_zero_rates_are_not_paced) {
  capacity_budget b({.tables = {{"orders", {.read_units_per_second = 0, .write_units_per_second = 5}}}, .burst_seconds = 1});
  b.charge("other", capacity_kind::write, 1000, t0);
  EXPECT_EQ(b.acquire("other", capacity_kind::write, t0), 0ns);
  b.charge("orders", capacity_kind::read, 1000, t0);
  EXPECT_EQ(b.acquire("orders", capacity_kind::read, t0), 0ns) << "rate 0: no limit";
  EXPECT_DOUBLE_EQ(b.balance("orders", capacity_kind::read, t0), 0.0);
}

TEST(capacity_budget, operations_are_reads_or_writes) {
  for (const char* op : {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}) {
    EXPECT_EQ(capacity_kind_of(op), capacity_kind::write) << op;
  }
  for (const char* op : {"GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems", "ExecuteStatement"}) {
    EXPECT_EQ(capacity_kind_of(op), capacity_kind::read) << op;
  }
}

TEST(capacity_budget, only_data_operations_consume_capacity) {
  for (const char* op : {"GetItem", "Query", "Scan", "BatchWriteItem", "TransactWriteItems", "ExecuteStatement"}) {
    EXPECT_TRUE(consumes_capacity(op)) << op;
  }
  for (const char* op : {"CreateTable", "DescribeTable", "ListTables", "UpdateTimeToLive", "DescribeLimits"}) {
    EXPECT_FALSE(consumes_capacity(op)) << op;
  }
}

}  // namespace
}  // namespace ddbkit::retry

// Optimistic locking against DynamoDB Local: writes over the version they expect, conflicts
// as typed errors, and concurrent read-modify-writes that lose no update.
#include "integration/fixture.hpp"

#include <ddbkit/table/versioned.hpp>

#include <boost/describe/class.hpp>

#include <thread>

namespace ddbkit::testing {
namespace {

struct doc {
  std::string pk;
  std::int64_t sk = 0;
  std::int64_t count = 0;
  std::int64_t revision = 0;
  static constexpr std::string_view version_attribute = "revision";
};
BOOST_DESCRIBE_STRUCT(doc, (), (pk, sk, count, revision))

class versioned_local : public local_table_test {
 protected:
  void SetUp() override {
    local_table_test::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    name = make_table();
  }
  versioned_table<doc> docs() {
    return versioned_table<doc>(table<doc>(*ddb, name, {.keys = {.partition = "pk", .sort = "sk"}, .indexes = {}}));
  }
  std::string name;
};

TEST_F(versioned_local, every_write_checks_the_version_and_returns_the_next) {
  auto d = docs();
  EXPECT_EQ(d.version_attribute(), "revision") << "declared by the struct";
  const key k{"a", number(1)};
  auto created = d.put({.pk = "a", .sk = 1, .count = 1}, 0);
  ASSERT_TRUE(created) << created.error();
  EXPECT_EQ(*created, 1);
  auto again = d.put({.pk = "a", .sk = 1, .count = 9}, 0);
  ASSERT_FALSE(again) << "version 0 means: no versioned item there";
  EXPECT_TRUE(again.error().is_condition_failed());

  auto updated = d.update(k, expr::update{}.set(expr::path("count"), expr::path("count") + number(1)), 1);
  ASSERT_TRUE(updated) << updated.error();
  EXPECT_EQ(*updated, 2);
  auto stale = d.update(k, expr::update{}.set(expr::path("count"), number(0)), 1);
  ASSERT_FALSE(stale);
  EXPECT_TRUE(stale.error().is_condition_failed());
  ASSERT_NE(stale.error().old_item(), nullptr) << "the item as it is comes with the conflict";
  EXPECT_EQ(stale.error().old_item()->at("revision"), number(2));

  auto replaced = d.put({.pk = "a", .sk = 1, .count = 7}, 2);
  ASSERT_TRUE(replaced) << replaced.error();
  auto got = d.get(k);
  ASSERT_TRUE(got && *got) << (got ? "no item" : got.error().message());
  EXPECT_EQ((*got)->version, 3);
  EXPECT_EQ((*got)->value.revision, 3) << "T's own version member reads the stored version";
  EXPECT_EQ((*got)->value.count, 7);

  EXPECT_FALSE(d.remove(k, 2)) << "a stale delete";
  ASSERT_TRUE(d.remove(k, 3));
  EXPECT_FALSE(d.get(k)->has_value());
}

TEST_F(versioned_local, versioned_writes_inside_a_transaction) {
  auto d = docs();
  ASSERT_TRUE(d.put({.pk = "t", .sk = 1, .count = 1}, 0));
  ASSERT_TRUE(d.put({.pk = "t", .sk = 2, .count = 2}, 0));
  write_transaction tx;
  auto first = d.update(tx, {"t", number(1)}, expr::update{}.set(expr::path("count"), number(10)), 1);
  auto second = d.put(tx, {.pk = "t", .sk = 2, .count = 20}, 1);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first, 2);
  ASSERT_TRUE(tx.commit(*ddb));

  write_transaction stale;
  ASSERT_TRUE(d.update(stale, {"t", number(1)}, expr::update{}.set(expr::path("count"), number(0)), 2));
  ASSERT_TRUE(d.remove(stale, {"t", number(2)}, 1));  // version 2 is stored: the whole transaction fails
  auto refused = stale.commit(*ddb);
  ASSERT_FALSE(refused);
  ASSERT_TRUE(refused.error().is_transaction_canceled()) << refused.error();
  EXPECT_EQ(refused.error().cancellation_reasons()[1].code, "ConditionalCheckFailed");
  EXPECT_EQ(d.get({"t", number(1)})->value().value.count, 10) << "nothing applied";
}

TEST_F(versioned_local, eight_threads_of_250_increments_lose_no_update) {
  auto d = docs();
  const key k{"counter", number(0)};
  // Written before versioning: version 0.
  ASSERT_TRUE(d.typed().put({.pk = "counter", .sk = 0, .count = 0, .revision = 0}));
  constexpr int threads = 8, increments = 250;
  std::atomic<int> failures{0};
  std::atomic<int> retried{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < increments; ++i) {
        int calls = 0;
        auto done = d.update_with_retry(k, [&](doc& value) { ++calls; ++value.count; }, 1000);
        if (!done) ++failures;
        retried += calls - 1;
      }
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(failures.load(), 0);
  auto got = d.get(k);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->value.count, threads * increments);
  EXPECT_EQ((*got)->version, threads * increments) << "one version per increment";
  EXPECT_EQ((*got)->value.revision, threads * increments);
  std::cout << "[          ] " << threads * increments << " increments, " << retried.load()
            << " read-modify-writes done again after a version conflict\n";
}

TEST_F(versioned_local, a_missing_item_is_its_own_error) {
  auto d = docs();
  bool called = false;
  auto missing = d.update_with_retry({"nobody", number(0)}, [&](doc&) { called = true; });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), error_code::item_not_found);
  EXPECT_FALSE(called);
}

TEST_F(versioned_local, batch_writes_of_versioned_items_are_refused_unless_unchecked) {
  auto d = docs();
  const std::vector<doc> values{{.pk = "b", .sk = 1, .count = 1, .revision = 1}};
  auto refused = d.put_all(values);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), error_code::validation);
  auto plain = d.typed().put_all(values);
  ASSERT_FALSE(plain) << "table<doc> knows doc is versioned";
  auto unchecked = d.put_all(values, {.unchecked_versions = true});
  ASSERT_TRUE(unchecked) << unchecked.error();
  EXPECT_EQ(d.get({"b", number(1)})->value().version, 1);
}

}  // namespace
}  // namespace ddbkit::testing

// Time to live against DynamoDB Local: TTL enabled and described, and reads that hide
// expired items that DynamoDB has not deleted yet (DynamoDB Local never deletes them).
#include "integration/fixture.hpp"

#include <ddbkit/table/ttl.hpp>

#include <boost/describe/class.hpp>

namespace ddbkit::testing {
namespace {

using namespace std::chrono_literals;

struct entry {
  std::string pk;
  std::int64_t sk = 0;
  std::string kind;
};
BOOST_DESCRIBE_STRUCT(entry, (), (pk, sk, kind))

class ttl_local : public local_table_test {
 protected:
  void SetUp() override {
    local_table_test::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    name = make_table();
  }
  ttl_table<entry> entries() {
    return ttl_table<entry>(table<entry>(*ddb, name, {.keys = {.partition = "pk", .sort = "sk"}, .indexes = {}}),
                            {.attribute = "expires_at", .default_lifetime = 1h, .clock = {}});
  }
  std::vector<std::int64_t> sort_keys(reader<entry> r) {
    std::vector<std::int64_t> out;
    for (auto& e : r.items()) {
      EXPECT_TRUE(e) << e.error();
      if (e) out.push_back(e->sk);
    }
    return out;
  }
  std::string name;
};

TEST_F(ttl_local, enable_and_describe) {
  auto t = entries();
  ASSERT_TRUE(t.enable()) << "UpdateTimeToLive";
  auto described = t.describe();
  ASSERT_TRUE(described) << described.error();
  EXPECT_EQ(described->attribute_name, "expires_at");
  EXPECT_EQ(described->time_to_live_status, time_to_live_status::enabled);
}

TEST_F(ttl_local, expired_items_are_hidden_from_get_query_and_scan) {
  auto t = entries();
  const auto now = std::chrono::system_clock::now();
  ASSERT_TRUE(t.put_until({.pk = "p", .sk = 1, .kind = "old"}, now - 1h));
  ASSERT_TRUE(t.put_until({.pk = "p", .sk = 2, .kind = "soon"}, now + 2min));
  ASSERT_TRUE(t.put({.pk = "p", .sk = 3, .kind = "fresh"}));  // the default hour
  // Written by others: no TTL attribute, and one that is not a Number: both never expire.
  ASSERT_TRUE(ddb->put_item({.table_name = name, .item = {{"pk", "p"}, {"sk", number(4)}, {"kind", "forever"}}}));
  ASSERT_TRUE(ddb->put_item(
      {.table_name = name, .item = {{"pk", "p"}, {"sk", number(5)}, {"kind", "text"}, {"expires_at", "yesterday"}}}));

  EXPECT_FALSE(t.get({"p", number(1)}, {.consistent_read = true})->has_value()) << "expired, not yet deleted";
  EXPECT_TRUE(t.typed().get({"p", number(1)}, {.consistent_read = true})->has_value()) << "still stored";
  EXPECT_TRUE(t.get({"p", number(2)}, {.consistent_read = true})->has_value());

  EXPECT_EQ(sort_keys(t.query({.key_condition = expr::key("pk") == "p"})), (std::vector<std::int64_t>{2, 3, 4, 5}));
  auto scanned = sort_keys(t.scan({}));
  std::ranges::sort(scanned);
  EXPECT_EQ(scanned, (std::vector<std::int64_t>{2, 3, 4, 5}));
  // The caller's filter, on the TTL attribute too, joins without placeholder clashes.
  EXPECT_EQ(sort_keys(t.query({.key_condition = expr::key("pk") == "p",
                               .filter = expr::path("kind") != "forever" && expr::path("expires_at").exists()})),
            (std::vector<std::int64_t>{2, 3, 5}));
  // At least 10 minutes left: "soon" is out.
  EXPECT_EQ(sort_keys(t.query_active("p", 10min)), (std::vector<std::int64_t>{3, 4, 5}));
  EXPECT_EQ(sort_keys(t.query_active("p", 10min, {.key_condition = expr::key("sk") >= number(4)})),
            (std::vector<std::int64_t>{4, 5}));
}

}  // namespace
}  // namespace ddbkit::testing

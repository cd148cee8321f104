// Typed items against DynamoDB Local: a described struct is put, read back and equal.
#include "integration/fixture.hpp"

#include <ddbkit/value/typed_item.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ddbkit::testing {
namespace {

enum class order_state { open, paid, shipped };
BOOST_DESCRIBE_ENUM(order_state, open, paid, shipped)

struct order_line {
  std::string sku;
  std::uint32_t qty = 0;
  double price = 0;
  friend bool operator==(const order_line&, const order_line&) = default;
};
BOOST_DESCRIBE_STRUCT(order_line, (), (sku, qty, price))

struct order {
  std::string pk;
  std::int64_t sk = 0;
  order_state state = order_state::open;
  std::vector<order_line> lines;
  std::optional<std::string> note;
  std::optional<std::string> coupon;
  std::set<std::string> tags;
  std::set<std::int32_t> warehouses;
  std::set<bytes> signatures;
  std::set<std::string> never_set;  // empty: omitted, and read back empty
  std::map<std::string, std::uint64_t> counters;
  bytes thumbnail;
  std::chrono::sys_time<std::chrono::milliseconds> placed;
  friend bool operator==(const order&, const order&) = default;
};
BOOST_DESCRIBE_STRUCT(order, (), (pk, sk, state, lines, note, coupon, tags, warehouses, signatures, never_set, counters,
                                  thumbnail, placed))

using typed_items = local_table_test;

TEST_F(typed_items, a_described_struct_put_and_got_back_is_equal) {
  const auto table = make_table();
  order written;
  written.pk = "order#1";
  written.sk = 7;
  written.state = order_state::paid;
  written.lines = {{"pen", 2, 1.25}, {"ink", 1, 0.1}};
  written.note = "leave at the door";
  written.tags = {"gift", "express"};
  written.warehouses = {3, 11};
  written.signatures = {bytes{1, 2}, bytes{0xff}};
  written.counters = {{"views", 18446744073709551615u}, {"edits", 0}};
  written.thumbnail = bytes{0, 1, 2, 3};
  written.placed = std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(1700000000250));

  auto as_item = to_item(written);
  ASSERT_TRUE(as_item) << as_item.error();
  auto put = ddb->put_item({.table_name = table, .item = *as_item});
  ASSERT_TRUE(put) << put.error();

  auto got = ddb->get_item({.table_name = table, .key = {{"pk", "order#1"}, {"sk", number(7)}}, .consistent_read = true});
  ASSERT_TRUE(got) << got.error();
  ASSERT_TRUE(got->item);
  EXPECT_FALSE(got->item->contains("coupon"));
  EXPECT_FALSE(got->item->contains("never_set"));
  auto read = from_item<order>(*got->item);
  ASSERT_TRUE(read) << read.error();
  EXPECT_EQ(*read, written);
}

}  // namespace
}  // namespace ddbkit::testing

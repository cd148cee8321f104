// table<T> over the scripted transport: typed reads and writes, blocking and co_await, and
// what a read that does not fit T says.
#include <ddbkit/table/table.hpp>
#include <ddbkit/testkit/scripted_transport.hpp>

#include "unit/table/run_blocking.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/describe/class.hpp>
#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace ddbkit {
namespace {

namespace asio = boost::asio;

struct order {
  std::string pk;
  std::int64_t sk = 0;
  std::string state;
  std::optional<std::int64_t> total;
  friend bool operator==(const order&, const order&) = default;
};
BOOST_DESCRIBE_STRUCT(order, (), (pk, sk, state, total))

class table_over_script : public ::testing::Test {
 protected:
  table_over_script() : transport(std::make_shared<testkit::scripted_transport>(io.get_executor())) {
    auto options = client_options::local(8000);
    options.retry.max_attempts = 1;
    ddb.emplace(*client::create(io.get_executor(), options, transport));
  }

  table<order> orders() { return table<order>(*ddb, "orders", {.keys = {.partition = "pk", .sort = "sk"}, .indexes = {}}); }

  template <class Fn>
  auto blocking(Fn fn) {
    return testing::run_blocking(io, std::move(fn));
  }

  std::string sent_body(std::size_t i) const { return transport->requests().at(i).request.body; }

  asio::io_context io;
  std::shared_ptr<testkit::scripted_transport> transport;
  std::optional<client> ddb;
};

TEST_F(table_over_script, get_returns_the_item_as_t_or_nothing) {
  transport->respond(200, R"({"Item":{"pk":{"S":"u#1"},"sk":{"N":"7"},"state":{"S":"open"},"extra":{"S":"x"}}})");
  transport->respond(200, "{}");
  auto t = orders();
  auto found = blocking([&] { return t.get({.partition = "u#1", .sort = number(7)}, {.consistent_read = true}); });
  ASSERT_TRUE(found) << found.error();
  ASSERT_TRUE(*found);
  EXPECT_EQ(**found, (order{.pk = "u#1", .sk = 7, .state = "open", .total = std::nullopt}));
  auto body = boost::json::parse(sent_body(0)).as_object();
  EXPECT_EQ(body.at("Key"), boost::json::parse(R"({"pk":{"S":"u#1"},"sk":{"N":"7"}})"));
  EXPECT_EQ(body.at("ConsistentRead"), true);
  auto missing = blocking([&] { return t.get({.partition = "u#2", .sort = number(1)}); });
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST_F(table_over_script, a_read_that_does_not_fit_t_names_the_attribute) {
  transport->respond(200, R"({"Item":{"pk":{"S":"u#1"},"sk":{"S":"seven"},"state":{"S":"open"}}})");
  auto t = orders();
  auto found = blocking([&] { return t.get({.partition = "u#1", .sort = number(7)}); });
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code(), error_code::serialization);
  EXPECT_EQ(found.error().field(), "sk");
}

TEST_F(table_over_script, put_sends_t_as_an_item_with_its_condition) {
  transport->respond(200, "{}");
  auto t = orders();
  auto put = blocking([&] {
    return t.put({.pk = "u#1", .sk = 1, .state = "open", .total = 30},
                 {.condition = expr::attribute_not_exists(expr::path("pk"))});
  });
  ASSERT_TRUE(put) << put.error();
  auto body = boost::json::parse(sent_body(0)).as_object();
  EXPECT_EQ(body.at("Item"),
            boost::json::parse(R"({"pk":{"S":"u#1"},"sk":{"N":"1"},"state":{"S":"open"},"total":{"N":"30"}})"));
  EXPECT_EQ(body.at("ConditionExpression"), "attribute_not_exists(#_n0)");
  EXPECT_EQ(body.at("ExpressionAttributeNames"), boost::json::parse(R"({"#_n0":"pk"})"));
}

TEST_F(table_over_script, async_calls_complete_on_the_awaiting_coroutine) {
  transport->respond(200, R"({"Attributes":{"pk":{"S":"u#1"},"sk":{"N":"1"},"state":{"S":"paid"}}})");
  transport->respond(200, R"({"Items":[{"pk":{"S":"u#1"},"sk":{"N":"1"},"state":{"S":"paid"}}],"Count":1,"ScannedCount":3,)"
                          R"("LastEvaluatedKey":{"pk":{"S":"u#1"},"sk":{"N":"1"}}})");
  auto t = orders();
  std::optional<result<std::optional<order>>> updated;
  std::optional<result<page<order>>> first_page;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        key k{.partition = "u#1", .sort = number(1)};
        auto change = expr::update{}.set(expr::path("state"), "paid");
        updated = co_await t.async_update(k, change, {.returns = returned::new_item}, asio::use_awaitable);
        query_request q{.key_condition = expr::key("pk") == "u#1", .filter = expr::path("state") == "paid"};
        first_page = co_await t.async_query_page(q, std::nullopt, asio::use_awaitable);
      },
      asio::detached);
  io.run();
  ASSERT_TRUE(updated && *updated && **updated);
  EXPECT_EQ((***updated).state, "paid");
  ASSERT_TRUE(first_page) << "no answer";
  ASSERT_TRUE(*first_page) << first_page->error();
  EXPECT_EQ((*first_page)->items.size(), 1u);
  EXPECT_EQ((*first_page)->count, 1);
  EXPECT_EQ((*first_page)->scanned_count, 3);
  EXPECT_TRUE((*first_page)->last_evaluated_key);
}

TEST_F(table_over_script, an_input_that_does_not_fit_is_refused_without_sending_also_async) {
  auto t = orders();
  std::optional<result<void>> removed;
  t.async_remove({.partition = "u#1", .sort = std::nullopt}, {}, [&](result<void> r) { removed = std::move(r); });
  io.run();
  ASSERT_TRUE(removed && !*removed);
  EXPECT_EQ((*removed).error().field(), "Key.sk");
  EXPECT_TRUE(transport->requests().empty());
}

}  // namespace
}  // namespace ddbkit

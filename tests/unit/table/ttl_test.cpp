// Time to live over a transport that records what is sent, with a fake clock: expiry times
// written as epoch seconds, expired items hidden on get, and one filter for query and scan.
#include <ddbkit/table/ttl.hpp>

#include "unit/table/answering_transport.hpp"
#include "unit/table/projected_names.hpp"
#include "unit/table/run_blocking.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/describe/class.hpp>
#include <boost/json.hpp>

#include <gtest/gtest.h>

#include <mutex>

namespace ddbkit {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using testing::answering_transport;

struct session {
  std::string pk;
  std::string sk;
  std::string user;
};
BOOST_DESCRIBE_STRUCT(session, (), (pk, sk, user))

constexpr std::int64_t now_seconds = 1'800'000'000;

class ttl : public ::testing::Test {
 protected:
  ttl()
      : transport(std::make_shared<answering_transport>(io.get_executor(), [this](std::string_view op,
                                                                                   const std::string& body) {
          std::lock_guard lock(mutex);
          sent.push_back({std::string(op), json::parse(body).as_object()});
          return std::pair<int, std::string>{200, next_answer};
        })) {
    ddb.emplace(*client::create(io.get_executor(), client_options::local(8000), transport));
  }
  ttl_table<session> sessions(std::optional<std::chrono::seconds> lifetime = 1h) {
    return ttl_table<session>(
        table<session>(*ddb, "sessions", {.keys = {.partition = "pk", .sort = "sk"}, .indexes = {}}),
        {.attribute = "expires", .default_lifetime = lifetime, .clock = [] {
           return std::chrono::system_clock::time_point(std::chrono::seconds(now_seconds));
         }});
  }
  template <class Fn>
  auto blocking(Fn fn) {
    return testing::run_blocking(io, std::move(fn));
  }
  std::string get_answer(const std::string& expires) {
    return R"({"Item":{"pk":{"S":"p"},"sk":{"S":"s"},"user":{"S":"ada"})" + expires + "}}";
  }

  asio::io_context io;
  std::mutex mutex;
  std::vector<std::pair<std::string, json::object>> sent;
  std::string next_answer = "{}";
  std::shared_ptr<answering_transport> transport;
  std::optional<client> ddb;
};

TEST_F(ttl, a_put_writes_the_expiry_as_epoch_seconds) {
  ASSERT_TRUE(blocking([&] { return sessions().put({.pk = "p", .sk = "s", .user = "ada"}); }));
  ASSERT_TRUE(blocking([&] { return sessions().put({.pk = "p", .sk = "t", .user = "bob"}, 90s); }));
  const auto at = std::chrono::system_clock::time_point(std::chrono::seconds(now_seconds + 5));
  ASSERT_TRUE(blocking([&] { return sessions().put_until({.pk = "p", .sk = "u", .user = "cy"}, at + 900ms); }));
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].second.at("Item").at("expires"), (json::object{{"N", std::to_string(now_seconds + 3600)}}));
  EXPECT_EQ(sent[1].second.at("Item").at("expires"), (json::object{{"N", std::to_string(now_seconds + 90)}}));
  EXPECT_EQ(sent[2].second.at("Item").at("expires"), (json::object{{"N", std::to_string(now_seconds + 5)}}));

  auto without = blocking([&] { return sessions(std::nullopt).put({.pk = "p", .sk = "v"}); });
  ASSERT_FALSE(without) << "no lifetime given and no default";
  EXPECT_EQ(without.error().code(), error_code::validation);
  EXPECT_EQ(sent.size(), 3u);
}

TEST_F(ttl, get_hides_an_item_whose_time_has_passed_as_dynamodb_would_delete_it) {
  const auto read = [&](const std::string& expires) {
    next_answer = get_answer(expires);
    auto got = blocking([&] { return sessions().get({"p", "s"}); });
    EXPECT_TRUE(got) << got.error();
    return got && got->has_value();
  };
  EXPECT_FALSE(read(R"(,"expires":{"N":")" + std::to_string(now_seconds - 1) + R"("})")) << "expired a second ago";
  EXPECT_FALSE(read(R"(,"expires":{"N":")" + std::to_string(now_seconds - 1) + R"(.5"})")) << "fractions compare exactly";
  EXPECT_TRUE(read(R"(,"expires":{"N":")" + std::to_string(now_seconds) + R"("})")) << "expires at the end of now";
  EXPECT_TRUE(read(R"(,"expires":{"N":")" + std::to_string(now_seconds + 60) + R"("})"));
  EXPECT_TRUE(read("")) << "no TTL attribute: never expires";
  EXPECT_TRUE(read(R"(,"expires":{"S":"1"})")) << "a TTL attribute that is not a Number: never expires";

  next_answer = get_answer("");
  ASSERT_TRUE(blocking([&] { return sessions().get({"p", "s"}, {.projection = {expr::path("user")}}); }));
  EXPECT_EQ(testing::projected_names(sent.back().second), (std::set<std::string>{"user", "expires"}))
      << "a projection reads the TTL attribute too";
}

TEST_F(ttl, query_and_scan_join_the_ttl_filter_to_the_callers_in_one_placeholder_table) {
  next_answer = R"({"Items":[],"Count":0,"ScannedCount":0})";
  auto page = blocking([&] {
    return sessions()
        .query({.key_condition = expr::key("pk") == "p", .filter = expr::path("user") == "ada" && expr::path("expires").exists()})
        .next_page();
  });
  ASSERT_TRUE(page) << page.error();
  const auto& query = sent.back().second;
  const std::string filter(query.at("FilterExpression").as_string());
  const auto& names = query.at("ExpressionAttributeNames").as_object();
  const auto& values = query.at("ExpressionAttributeValues").as_object();
  EXPECT_NE(filter.find("attribute_not_exists"), std::string::npos) << filter;
  EXPECT_NE(filter.find("attribute_type"), std::string::npos) << filter;
  std::set<std::string> named;
  for (const auto& n : names) named.insert(std::string(n.value().as_string()));
  EXPECT_EQ(named, (std::set<std::string>{"pk", "user", "expires"})) << "one placeholder per name, shared";
  bool now_bound = false, n_type = false;
  for (const auto& v : values) {
    now_bound = now_bound || v.value() == json::object{{"N", std::to_string(now_seconds)}};
    n_type = n_type || v.value() == json::object{{"S", "N"}};
  }
  EXPECT_TRUE(now_bound && n_type) << json::serialize(values);

  auto scanned = blocking([&] { return sessions().scan({}).next_page(); });
  ASSERT_TRUE(scanned) << scanned.error();
  EXPECT_TRUE(sent.back().second.contains("FilterExpression"));
}

TEST_F(ttl, query_active_asks_for_the_partition_and_a_minimum_left_to_live) {
  next_answer = R"({"Items":[],"Count":0,"ScannedCount":0})";
  auto page = blocking([&] {
    return sessions().query_active("p", 10min, {.key_condition = expr::key("sk") > "a"}).next_page();
  });
  ASSERT_TRUE(page) << page.error();
  const auto& query = sent.back().second;
  const std::string keys(query.at("KeyConditionExpression").as_string());
  EXPECT_NE(keys.find(" AND "), std::string::npos) << keys;
  bool bound = false;
  for (const auto& v : query.at("ExpressionAttributeValues").as_object()) {
    bound = bound || v.value() == json::object{{"N", std::to_string(now_seconds + 600)}};
  }
  EXPECT_TRUE(bound) << "the filter asks for at least 10 minutes left";
}

}  // namespace
}  // namespace ddbkit

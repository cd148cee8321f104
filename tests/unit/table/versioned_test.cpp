// Optimistic locking over a transport that plays DynamoDB: the version condition and the
// next version on the wire, and update_with_retry's loop (backoff, give-up, fn's errors).
#include <ddbkit/table/versioned.hpp>

#include "unit/table/answering_transport.hpp"
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
using testing::answering_transport;

struct note {
  std::string pk;
  std::string text;
};
BOOST_DESCRIBE_STRUCT(note, (), (pk, text))

constexpr const char* condition_failed =
    R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"})";

/// One stored note at version `version`; the next `conflicts` puts fail their condition
/// (another writer came first: the version moves on).
struct fake_note_store {
  std::mutex mutex;
  std::int64_t version = 3;
  bool exists = true;
  int conflicts = 0;
  std::vector<json::object> puts;

  std::pair<int, std::string> answer(std::string_view operation, const std::string& body) {
    std::lock_guard lock(mutex);
    if (operation == "GetItem") {
      if (!exists) return {200, "{}"};
      return {200, R"({"Item":{"pk":{"S":"n"},"text":{"S":"v)" + std::to_string(version) + R"("},"ver":{"N":")" +
                       std::to_string(version) + R"("}}})"};
    }
    puts.push_back(json::parse(body).as_object());
    if (conflicts > 0) {
      --conflicts;
      ++version;
      return {400, condition_failed};
    }
    version = std::stoll(std::string(puts.back().at("Item").at("ver").at("N").as_string()));
    return {200, "{}"};
  }
};

class versioning : public ::testing::Test {
 protected:
  versioning()
      : transport(std::make_shared<answering_transport>(
            io.get_executor(), [this](std::string_view op, const std::string& body) { return store.answer(op, body); })) {
    ddb.emplace(*client::create(io.get_executor(), client_options::local(8000), transport));
  }
  versioned_table<note> notes() {
    return versioned_table<note>(table<note>(*ddb, "notes", {.keys = {.partition = "pk", .sort = std::nullopt}, .indexes = {}}),
                                 "ver");
  }
  template <class Fn>
  auto blocking(Fn fn) {
    return testing::run_blocking(io, std::move(fn));
  }

  asio::io_context io;
  fake_note_store store;
  std::shared_ptr<answering_transport> transport;
  std::optional<client> ddb;
  std::vector<std::chrono::milliseconds> waits;
  version_retry_options recorded{.base_delay = std::chrono::milliseconds(10),
                                 .max_delay = std::chrono::milliseconds(35),
                                 .sleep = [this](std::chrono::milliseconds d) { waits.push_back(d); },
                                 .random = [] { return 0.999; }};
};

TEST_F(versioning, a_put_sends_the_next_version_and_a_condition_on_the_expected_one) {
  auto written = blocking([&] { return notes().put({.pk = "n", .text = "hello"}, 3); });
  ASSERT_TRUE(written) << written.error();
  EXPECT_EQ(*written, 4);
  ASSERT_EQ(store.puts.size(), 1u);
  const auto& put = store.puts[0];
  EXPECT_EQ(put.at("Item").at("ver"), json::parse(R"({"N":"4"})"));
  const std::string condition(put.at("ConditionExpression").as_string());
  const auto& names = put.at("ExpressionAttributeNames").as_object();
  const auto& values = put.at("ExpressionAttributeValues").as_object();
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names.begin()->value(), "ver");
  EXPECT_EQ(condition, std::string(names.begin()->key()) + " = " + std::string(values.begin()->key()));
  EXPECT_EQ(values.begin()->value(), json::parse(R"({"N":"3"})"));
  EXPECT_EQ(put.at("ReturnValuesOnConditionCheckFailure"), "ALL_OLD");

  EXPECT_FALSE(blocking([&] { return notes().put({.pk = "n"}, -1); })) << "no negative versions";
  EXPECT_FALSE(blocking([&] { return notes().update({"n"}, expr::update{}.set(expr::path("text"), "x"), 0); }))
      << "an update needs an item";
  EXPECT_EQ(store.puts.size(), 1u);
}

TEST_F(versioning, update_with_retry_reads_again_after_each_conflict_with_full_jitter) {
  store.conflicts = 3;
  int calls = 0;
  auto done = blocking([&] {
    return notes().update_with_retry({"n"}, [&](note& n) { ++calls; n.text += "!"; }, 5, recorded);
  });
  ASSERT_TRUE(done) << done.error();
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(done->version, 7) << "read at 6 after three conflicts, written as 7";
  EXPECT_EQ(done->value.text, "v6!") << "fn saw the latest item";
  EXPECT_EQ(waits, (std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(9), std::chrono::milliseconds(19),
                                                            std::chrono::milliseconds(34)}))
      << "random 0.999 of min(35, 10 * 2^(n-1))";
  for (std::size_t i = 0; i < store.puts.size(); ++i) {
    const auto& values = store.puts[i].at("ExpressionAttributeValues").as_object();
    EXPECT_EQ(values.begin()->value(), (json::object{{"N", std::to_string(3 + i)}})) << "put " << i << " expects what it read";
  }
}

TEST_F(versioning, update_with_retry_gives_up_after_max_retries_with_the_conflict) {
  store.conflicts = 10;
  auto done = blocking([&] { return notes().update_with_retry({"n"}, [](note&) {}, 2, recorded); });
  ASSERT_FALSE(done);
  EXPECT_TRUE(done.error().is_condition_failed());
  EXPECT_EQ(store.puts.size(), 3u) << "the first try and two retries";
  EXPECT_EQ(waits.size(), 2u);
}

TEST_F(versioning, update_with_retry_stops_at_fns_error_and_at_a_missing_item) {
  auto refused = blocking([&] {
    return notes().update_with_retry({"n"}, [](note&) -> result<void> { return fail(error_code::validation, "no"); });
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), error_code::validation);
  EXPECT_TRUE(store.puts.empty());

  store.exists = false;
  auto missing = blocking([&] { return notes().update_with_retry({"n"}, [](note&) {}); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), error_code::item_not_found);
  EXPECT_FALSE(error(error_code::item_not_found, "x").retryable());
}

TEST_F(versioning, a_version_that_is_not_an_integer_is_a_serialization_error) {
  EXPECT_EQ(detail::version_in({{"ver", "abc"}}, "ver").error().code(), error_code::serialization);
  EXPECT_EQ(detail::version_in({{"ver", number(-1)}}, "ver").error().code(), error_code::serialization);
  EXPECT_EQ(detail::version_in({}, "ver").value(), 0);
  EXPECT_EQ(detail::version_in({{"ver", number(12)}}, "ver").value(), 12);
}

}  // namespace
}  // namespace ddbkit

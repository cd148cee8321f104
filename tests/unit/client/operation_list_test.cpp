// Every operation of <ddbkit/model/operation_list.hpp>, through the real client over the
// scripted transport, in google-cloud-cpp's retry-test pattern: N transient failures give
// N + 1 requests, a permanent error exactly one, a request whose outcome is unknown is
// repeated exactly when operation_traits<>::repeat_is_harmless says so, and every request
// carries the operation's X-Amz-Target. The list drives the typed test: an operation added
// to it without a sample here does not compile.
#include <ddbkit/client.hpp>
#include <ddbkit/model/serialization.hpp>
#include <ddbkit/testkit/scripted_transport.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

/// A valid request of each operation, and a minimal successful answer to it.
template <class Input>
struct sample;

template <>
struct sample<create_table_input> {
  static create_table_input input() {
    create_table_input in{.table_name = "orders", .billing_mode = billing_mode::pay_per_request};
    in.attribute_definitions.push_back({.attribute_name = "pk", .attribute_type = scalar_attribute_type::s});
    in.key_schema.push_back({.attribute_name = "pk", .key_type = key_type::hash});
    return in;
  }
  static constexpr std::string_view answer = R"({"TableDescription":{"TableName":"orders","TableStatus":"CREATING"}})";
};
template <>
struct sample<delete_table_input> {
  static delete_table_input input() { return {.table_name = "orders"}; }
  static constexpr std::string_view answer = R"({"TableDescription":{"TableName":"orders","TableStatus":"DELETING"}})";
};
template <>
struct sample<describe_table_input> {
  static describe_table_input input() { return {.table_name = "orders"}; }
  static constexpr std::string_view answer = R"({"Table":{"TableName":"orders","TableStatus":"ACTIVE"}})";
};
template <>
struct sample<list_tables_input> {
  static list_tables_input input() { return {}; }
  static constexpr std::string_view answer = R"({"TableNames":[]})";
};
template <>
struct sample<update_table_input> {
  static update_table_input input() { return {.table_name = "orders", .billing_mode = billing_mode::pay_per_request}; }
  static constexpr std::string_view answer = R"({"TableDescription":{"TableName":"orders","TableStatus":"UPDATING"}})";
};
template <>
struct sample<update_time_to_live_input> {
  static update_time_to_live_input input() {
    return {.table_name = "orders", .time_to_live_specification = {.enabled = true, .attribute_name = "ttl"}};
  }
  static constexpr std::string_view answer = R"({"TimeToLiveSpecification":{"Enabled":true,"AttributeName":"ttl"}})";
};
template <>
struct sample<describe_time_to_live_input> {
  static describe_time_to_live_input input() { return {.table_name = "orders"}; }
  static constexpr std::string_view answer = R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})";
};
template <>
struct sample<get_item_input> {
  static get_item_input input() { return {.table_name = "orders", .key = {{"pk", "a"}}}; }
  static constexpr std::string_view answer = "{}";
};
template <>
struct sample<put_item_input> {
  static put_item_input input() { return {.table_name = "orders", .item = {{"pk", "a"}}}; }
  static constexpr std::string_view answer = "{}";
};
template <>
struct sample<update_item_input> {
  static update_item_input input() {
    return {.table_name = "orders", .key = {{"pk", "a"}}, .update_expression = "ADD hits :one",
            .expression_attribute_values = {{":one", number(1)}}};
  }
  static constexpr std::string_view answer = "{}";
};
template <>
struct sample<delete_item_input> {
  static delete_item_input input() { return {.table_name = "orders", .key = {{"pk", "a"}}}; }
  static constexpr std::string_view answer = "{}";
};
template <>
struct sample<query_input> {
  static query_input input() {
    return {.table_name = "orders", .key_condition_expression = "pk = :p",
            .expression_attribute_values = {{":p", "a"}}};
  }
  static constexpr std::string_view answer = R"({"Items":[],"Count":0,"ScannedCount":0})";
};
template <>
struct sample<scan_input> {
  static scan_input input() { return {.table_name = "orders"}; }
  static constexpr std::string_view answer = R"({"Items":[],"Count":0,"ScannedCount":0})";
};
template <>
struct sample<batch_get_item_input> {
  static batch_get_item_input input() {
    batch_get_item_input in;
    in.request_items["orders"].keys.push_back({{"pk", "a"}});
    return in;
  }
  static constexpr std::string_view answer = R"({"Responses":{"orders":[]},"UnprocessedKeys":{}})";
};
template <>
struct sample<batch_write_item_input> {
  static batch_write_item_input input() {
    batch_write_item_input in;
    in.request_items["orders"].push_back(write_request::put({{"pk", "a"}}));
    return in;
  }
  static constexpr std::string_view answer = R"({"UnprocessedItems":{}})";
};
template <>
struct sample<transact_get_items_input> {
  static transact_get_items_input input() {
    transact_get_items_input in;
    in.transact_items.push_back({.get = {.table_name = "orders", .key = {{"pk", "a"}}}});
    return in;
  }
  static constexpr std::string_view answer = R"({"Responses":[{}]})";
};
template <>
struct sample<transact_write_items_input> {
  static transact_write_items_input input() {
    transact_write_items_input in;
    in.transact_items.push_back({.put = transact_put{.table_name = "orders", .item = {{"pk", "a"}}}});
    return in;
  }
  static constexpr std::string_view answer = "{}";
};

template <>
struct sample<execute_statement_input> {
  static execute_statement_input input() {
    return {.statement = R"(SELECT * FROM "orders" WHERE pk = ?)", .parameters = {"a"}};
  }
  static constexpr std::string_view answer = R"({"Items":[]})";
};
template <>
struct sample<batch_execute_statement_input> {
  static batch_execute_statement_input input() {
    batch_execute_statement_input in;
    in.statements.push_back({.statement = R"(INSERT INTO "orders" VALUE {'pk': ?})", .parameters = {"a"}});
    return in;
  }
  static constexpr std::string_view answer = R"({"Responses":[{"TableName":"orders"}]})";
};
template <>
struct sample<execute_transaction_input> {
  static execute_transaction_input input() {
    execute_transaction_input in;
    in.transact_statements.push_back({.statement = R"(INSERT INTO "orders" VALUE {'pk': ?})", .parameters = {"a"}});
    return in;
  }
  static constexpr std::string_view answer = R"({"Responses":[]})";
};
template <>
struct sample<describe_limits_input> {
  static describe_limits_input input() { return {}; }
  static constexpr std::string_view answer =
      R"({"AccountMaxReadCapacityUnits":80000,"AccountMaxWriteCapacityUnits":80000,)"
      R"("TableMaxReadCapacityUnits":40000,"TableMaxWriteCapacityUnits":40000})";
};

template <class First, class... Rest>
struct drop_first {
  using type = ::testing::Types<Rest...>;
};
#define DDBKIT_LIST_INPUT(op) , op##_input
using all_inputs = drop_first<void DDBKIT_FOR_EACH_OPERATION(DDBKIT_LIST_INPUT)>::type;
#undef DDBKIT_LIST_INPUT

template <class Input>
class every_operation : public ::testing::Test {
 protected:
  using output = typename operation_traits<Input>::output;

  every_operation() : transport(std::make_shared<testkit::scripted_transport>(io.get_executor())) {
    auto options = client_options::local(8000);
    options.sleeper = [](std::chrono::milliseconds, std::function<void()> done) { done(); };
    options.circuit_breaker.enabled = false;
    ddb.emplace(*client::create(io.get_executor(), std::move(options), transport));
  }

  result<output> call() {
    std::optional<result<output>> out;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          auto in = sample<Input>::input();
          out = co_await ddb->async_execute(std::move(in), call_options{}, asio::use_awaitable);
        },
        asio::detached);
    io.run();
    io.restart();
    return std::move(*out);
  }

  void answer_ok() { transport->respond(200, std::string(sample<Input>::answer)); }

  asio::io_context io;
  std::shared_ptr<testkit::scripted_transport> transport;
  std::optional<client> ddb;
};

TYPED_TEST_SUITE(every_operation, all_inputs);

TYPED_TEST(every_operation, the_sample_answer_decodes_and_the_target_names_the_operation) {
  this->answer_ok();
  auto out = this->call();
  ASSERT_TRUE(out) << out.error();
  const auto sent = this->transport->requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].request.header_value("X-Amz-Target"),
            "DynamoDB_20120810." + std::string(operation_traits<TypeParam>::name));
}

TYPED_TEST(every_operation, two_transient_failures_give_three_requests) {
  this->transport->respond_error(500, "InternalServerError", "oops");
  this->transport->respond_error(503, "ServiceUnavailable", "busy");
  this->answer_ok();
  auto out = this->call();
  ASSERT_TRUE(out) << out.error();
  const auto sent = this->transport->requests();
  ASSERT_EQ(sent.size(), 3u);
  // The same body (and so the same ClientRequestToken, where there is one) every time.
  EXPECT_EQ(sent[0].request.body, sent[2].request.body);
}

TYPED_TEST(every_operation, a_permanent_error_gives_exactly_one_request) {
  this->transport->respond_error(400, "ValidationException", "no");
  auto out = this->call();
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code(), error_code::validation);
  EXPECT_EQ(out.error().attempts(), 1);
  EXPECT_EQ(this->transport->requests().size(), 1u);
}

TYPED_TEST(every_operation, an_unknown_outcome_is_repeated_exactly_when_the_traits_say_it_is_harmless) {
  const bool harmless = operation_traits<TypeParam>::repeat_is_harmless(sample<TypeParam>::input());
  this->transport->lose_connection_after_sending();
  this->answer_ok();
  auto out = this->call();
  EXPECT_EQ(out.has_value(), harmless);
  EXPECT_EQ(this->transport->requests().size(), harmless ? 2u : 1u);
  if (!harmless) {
    EXPECT_TRUE(out.error().outcome_unknown());
  }
}

TYPED_TEST(every_operation, defaults_give_the_body_of_the_input_with_them_filled_in_and_never_override_it) {
  const auto in = sample<TypeParam>::input();
  const request_defaults defaults{.client_request_token = "token-of-the-client",
                                  .return_consumed_capacity = return_consumed_capacity::indexes};
  auto filled = in;
  auto own = in;  // sets both itself: the defaults change nothing
  constexpr bool has_capacity = requires { in.return_consumed_capacity; };
  if constexpr (has_capacity) {
    filled.return_consumed_capacity = return_consumed_capacity::indexes;
    own.return_consumed_capacity = return_consumed_capacity::none;
  }
  if constexpr (requires { in.client_request_token; }) {
    filled.client_request_token = "token-of-the-client";
    own.client_request_token = "token-of-the-caller";
  }
  const auto plain = serialize(in);
  const auto with_defaults = serialize(in, defaults);
  const auto expected = serialize(filled);
  ASSERT_TRUE(plain && with_defaults && expected);
  EXPECT_EQ(*with_defaults, *expected);
  EXPECT_EQ(*with_defaults != *plain, has_capacity) << "an operation with the member gets the default";
  const auto own_with_defaults = serialize(own, defaults);
  const auto own_plain = serialize(own);
  ASSERT_TRUE(own_with_defaults && own_plain);
  EXPECT_EQ(*own_with_defaults, *own_plain);
}

}  // namespace
}  // namespace ddbkit

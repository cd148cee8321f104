// Tracing through a recording tracer: the span of a call that was throttled twice, then
// answered, carries OpenTelemetry's DynamoDB attributes and one event per request.
#include <ddbkit/client.hpp>
#include <ddbkit/testkit/scripted_transport.hpp>
#include <ddbkit/tracing.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

namespace ddbkit {
namespace {

namespace asio = boost::asio;

/// An attribute value as a tracer that keeps it must: copied out of the views it is handed.
using kept_value = std::variant<std::string, std::int64_t, double, bool, std::vector<std::string>>;
using kept_attributes = std::map<std::string, kept_value>;

kept_attributes keep(const trace_attributes& attributes) {
  kept_attributes out;
  for (const auto& [name, value] : attributes) {
    out[std::string(name)] = std::visit(
        [](const auto& v) -> kept_value {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string_view>) {
            return std::string(v);
          } else if constexpr (std::is_same_v<T, std::span<const std::string_view>>) {
            return std::vector<std::string>(v.begin(), v.end());
          } else {
            return v;
          }
        },
        value);
  }
  return out;
}

struct recorded_span {
  std::string name;
  kept_attributes attributes;
  std::vector<std::pair<std::string, kept_attributes>> events;
  std::string error_type;
  std::string error_message;
  bool ended = false;
};

/// Keeps every span it starts, for the test to read.
class recording_tracer final : public tracer {
 public:
  std::unique_ptr<trace_span> start_span(std::string_view name, const trace_attributes& attributes) override {
    spans.push_back(std::make_shared<recorded_span>());
    spans.back()->name = name;
    auto span = std::make_unique<recording_span>(spans.back());
    span->set_attributes(attributes);
    return span;
  }
  std::vector<std::shared_ptr<recorded_span>> spans;

 private:
  struct recording_span final : trace_span {
    explicit recording_span(std::shared_ptr<recorded_span> r) : record(std::move(r)) {}
    void set_attributes(const trace_attributes& attributes) override {
      for (auto& [k, v] : keep(attributes)) record->attributes[k] = std::move(v);
    }
    void add_event(std::string_view name, const trace_attributes& attributes) override {
      record->events.emplace_back(std::string(name), keep(attributes));
    }
    void set_error(std::string_view type, std::string_view message) override {
      record->error_type = type;
      record->error_message = message;
    }
    void end() override { record->ended = true; }
    std::shared_ptr<recorded_span> record;
  };
};

class tracing : public ::testing::Test {
 protected:
  tracing() : transport(std::make_shared<testkit::scripted_transport>(io.get_executor())) {
    auto options = client_options::local(8000);
    options.sleeper = [](std::chrono::milliseconds, std::function<void()> done) { done(); };
    options.observers.push_back(std::make_shared<tracing_observer>(recorder));
    ddb.emplace(*client::create(io.get_executor(), std::move(options), transport));
  }
  template <class Input>
  auto call(Input in) {
    std::optional<result<typename operation_traits<Input>::output>> out;
    asio::co_spawn(
        io, [&]() -> asio::awaitable<void> { out = co_await ddb->async_execute(std::move(in), {}, asio::use_awaitable); },
        asio::detached);
    io.run();
    io.restart();
    return std::move(*out);
  }

  asio::io_context io;
  std::shared_ptr<testkit::scripted_transport> transport;
  std::shared_ptr<recording_tracer> recorder = std::make_shared<recording_tracer>();
  std::optional<client> ddb;
};

TEST_F(tracing, a_call_retried_twice_is_one_span_with_three_attempt_events) {
  transport->respond_error(400, "ProvisionedThroughputExceededException", "slow down");
  transport->respond_error(400, "ThrottlingException", "slow down");
  transport->respond(200, R"({"Items":[],"Count":0,"ScannedCount":0,"ConsumedCapacity":{"TableName":"orders","CapacityUnits":1.5}})",
                     {{"x-amzn-RequestId", "REQ3"}});
  query_input in{.table_name = "orders", .index_name = "by_user", .key_condition_expression = "pk = :p",
                 .expression_attribute_values = item{{":p", "a"}}};
  in.return_consumed_capacity = return_consumed_capacity::total;
  auto answered = call(std::move(in));
  ASSERT_TRUE(answered) << answered.error();

  ASSERT_EQ(recorder->spans.size(), 1u);
  const auto& span = *recorder->spans[0];
  EXPECT_EQ(span.name, "DynamoDB.Query");
  EXPECT_TRUE(span.ended);
  EXPECT_EQ(std::get<std::string>(span.attributes.at("db.system")), "dynamodb");
  EXPECT_EQ(std::get<std::string>(span.attributes.at("rpc.system")), "aws-api");
  EXPECT_EQ(std::get<std::string>(span.attributes.at("rpc.service")), "DynamoDB");
  EXPECT_EQ(std::get<std::string>(span.attributes.at("rpc.method")), "Query");
  EXPECT_EQ(std::get<std::vector<std::string>>(span.attributes.at("aws.dynamodb.table_names")),
            std::vector<std::string>{"orders"});
  EXPECT_EQ(std::get<std::string>(span.attributes.at("aws.dynamodb.index_name")), "by_user");
  EXPECT_EQ(std::get<std::string>(span.attributes.at("aws.request_id")), "REQ3");
  EXPECT_EQ(std::get<std::vector<std::string>>(span.attributes.at("aws.dynamodb.consumed_capacity")),
            std::vector<std::string>{R"({"TableName":"orders","CapacityUnits":1.5})"});
  EXPECT_EQ(std::get<std::int64_t>(span.attributes.at("ddbkit.attempts")), 3);
  EXPECT_TRUE(span.error_type.empty());

  ASSERT_EQ(span.events.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(span.events[i].first, "attempt");
    EXPECT_EQ(std::get<std::int64_t>(span.events[i].second.at("ddbkit.attempt")), static_cast<std::int64_t>(i + 1));
  }
  EXPECT_EQ(std::get<std::string>(span.events[0].second.at("error.type")), "ProvisionedThroughputExceededException");
  EXPECT_EQ(std::get<std::string>(span.events[1].second.at("error.type")), "ThrottlingException");
  EXPECT_EQ(std::get<std::int64_t>(span.events[0].second.at("http.response.status_code")), 400);
  EXPECT_TRUE(span.events[0].second.contains("ddbkit.retry_delay_ms"));
  EXPECT_FALSE(span.events[2].second.contains("error.type"));
  EXPECT_FALSE(span.events[2].second.contains("ddbkit.retry_delay_ms")) << "nothing follows the last";
}

TEST_F(tracing, consumed_capacity_is_kept_as_dynamodb_wrote_it_with_its_table_and_index_shares) {
  const std::string consumed =
      R"({"TableName":"orders","CapacityUnits":3.5,"ReadCapacityUnits":1.5,"WriteCapacityUnits":2,)"
      R"("Table":{"CapacityUnits":1.25},"GlobalSecondaryIndexes":{"by_user":{"WriteCapacityUnits":1}},)"
      R"("LocalSecondaryIndexes":{"by_date":{"ReadCapacityUnits":0.5}}})";
  transport->respond(200, R"({"ConsumedCapacity":)" + consumed + "}");
  put_item_input in{.table_name = "orders", .item = {{"pk", "a"}}};
  in.return_consumed_capacity = return_consumed_capacity::indexes;
  ASSERT_TRUE(call(std::move(in)));
  ASSERT_EQ(recorder->spans.size(), 1u);
  const auto& kept = std::get<std::vector<std::string>>(recorder->spans[0]->attributes.at("aws.dynamodb.consumed_capacity"));
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0], consumed);
}

TEST_F(tracing, a_failed_call_records_its_error_type_and_a_refused_one_has_no_event) {
  transport->respond_error(400, "ConditionalCheckFailedException", "The conditional request failed");
  EXPECT_FALSE(call(put_item_input{.table_name = "orders", .item = {{"pk", "a"}}, .condition_expression = "attribute_not_exists(pk)"}));
  EXPECT_FALSE(call(put_item_input{.table_name = "", .item = {{"pk", "a"}}}));  // invalid: never sent

  ASSERT_EQ(recorder->spans.size(), 2u);
  EXPECT_EQ(recorder->spans[0]->error_type, "ConditionalCheckFailedException");
  EXPECT_EQ(recorder->spans[0]->error_message, "The conditional request failed");
  EXPECT_EQ(recorder->spans[0]->events.size(), 1u);
  EXPECT_TRUE(recorder->spans[1]->ended);
  EXPECT_EQ(recorder->spans[1]->error_type, "validation");
  EXPECT_TRUE(recorder->spans[1]->events.empty());
  EXPECT_EQ(transport->requests().size(), 1u);
}

}  // namespace
}  // namespace ddbkit

// Record and replay (testkit): a workload against DynamoDB Local, a throttle from the fault
// proxy included, recorded with credentials scrubbed, then replayed without any server
// with identical results; a request that was never recorded fails clearly.
#include "integration/proxied_fixture.hpp"

#include <ddbkit/http/http_client.hpp>
#include <ddbkit/testkit/recording_transport.hpp>
#include <ddbkit/testkit/replay_transport.hpp>
#include <ddbkit/value/dynamodb_json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace ddbkit::testing {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view access_key = "AKIDRECORDREPLAY0001";
constexpr std::string_view secret_key = "recordReplaySecretKeyThatMustNeverBeWritten";
constexpr std::string_view session_token = "recordReplaySessionTokenThatMustNeverBeWritten";

/// An io_context run by a thread of its own, so the test thread can make blocking calls.
struct io_thread {
  io_thread() : work(boost::asio::make_work_guard(io)), runner([this] { io.run(); }) {}
  ~io_thread() {
    work.reset();
    io.stop();
    runner.join();
  }
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work;
  std::thread runner;
};

client_options replayable_options(const std::string& endpoint) {
  auto options = local_options(endpoint);
  options.credentials = std::make_shared<static_credentials_provider>(credentials{
      .access_key_id = std::string(access_key),
      .secret_access_key = secret_string(std::string(secret_key)),
      .session_token = secret_string(std::string(session_token)),
      .expiration = std::nullopt});
  options.retry.base_delay = std::chrono::milliseconds(1);
  options.retry.max_delay = std::chrono::milliseconds(5);
  return options;
}

/// What each call of the workload returned, as text to compare.
std::vector<std::string> run_workload(client& c, const std::string& table) {
  std::vector<std::string> seen;
  auto note = [&seen](const auto& r, auto describe) {
    seen.push_back(r ? describe(*r) : "error " + std::string(to_string(r.error().code())));
  };
  for (int i = 0; i < 3; ++i) {
    note(c.put_item({.table_name = table, .item = {{"pk", "r"}, {"sk", number(i)}, {"v", "value " + std::to_string(i)}}}),
         [](const auto&) { return std::string("put"); });
  }
  note(c.get_item({.table_name = table, .key = {{"pk", "r"}, {"sk", number(1)}}, .consistent_read = true}),
       [](const auto& out) { return out.item ? to_dynamodb_json(*out.item) : std::string("none"); });
  note(c.put_item({.table_name = table,
                   .item = {{"pk", "r"}, {"sk", number(1)}},
                   .condition_expression = "attribute_not_exists(pk)"}),
       [](const auto&) { return std::string("refused?"); });
  query_input query{.table_name = table, .key_condition_expression = "pk = :p"};
  query.expression_attribute_values = {{":p", "r"}};
  query.consistent_read = true;
  note(c.query(query), [](const auto& out) {
         std::string items;
         for (const auto& i : out.items) items += to_dynamodb_json(i);
         return items;
       });
  transact_write_items_input tx;
  tx.transact_items.push_back({.put = transact_put{.table_name = table, .item = {{"pk", "t"}, {"sk", number(9)}}}});
  note(c.transact_write_items(tx), [](const auto&) { return std::string("transaction"); });
  note(c.scan({.table_name = table, .consistent_read = true}),
       [](const auto& out) { return "scanned " + std::to_string(out.items.size()); });
  return seen;
}

std::string file_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class record_replay : public proxied_table_test {
 protected:
  // DynamoDB Local keeps tables per access key: the table is made with the test's own keys.
  void SetUp() override {
    proxied_table_test::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto made = client::create(replayable_options(*local_endpoint()));
    ASSERT_TRUE(made) << made.error();
    owner.emplace(std::move(*made));
    table = unique_name("replay");
    create_table_input in{.table_name = table, .billing_mode = billing_mode::pay_per_request};
    in.attribute_definitions = {{.attribute_name = "pk", .attribute_type = scalar_attribute_type::s},
                                {.attribute_name = "sk", .attribute_type = scalar_attribute_type::n}};
    in.key_schema = {{.attribute_name = "pk", .key_type = key_type::hash},
                     {.attribute_name = "sk", .key_type = key_type::range}};
    ASSERT_TRUE(owner->create_table(in));
    ASSERT_TRUE(owner->wait_until_active(table));
    recording = fs::temp_directory_path() / (unique_name("recording") + ".jsonl");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove(recording, ec);
    if (owner) (void)owner->delete_table({.table_name = table});
    proxied_table_test::TearDown();
  }
  std::optional<client> owner;
  std::string table;
  fs::path recording;
};

TEST_F(record_replay, a_recorded_workload_replays_without_a_server_with_identical_results) {
  std::vector<std::string> recorded_results;
  {
    io_thread thread;
    auto http = std::make_shared<http::http_client>(thread.io.get_executor(), http::http_options{});
    auto recorder = testkit::recording_transport::create(http, recording);
    ASSERT_TRUE(recorder) << recorder.error();
    auto c = client::create(thread.io.get_executor(), replayable_options(proxy->endpoint()), *recorder);
    ASSERT_TRUE(c) << c.error();
    proxy->enqueue(testkit::fault_action::of(testkit::fault_kind::throttle), "PutItem");  // recorded, then retried
    recorded_results = run_workload(*c, table);
    EXPECT_EQ((*recorder)->recorded(), 9u) << "8 calls, one of them throttled once";
  }
  ASSERT_EQ(recorded_results.size(), 8u);
  EXPECT_EQ(recorded_results[4], "error conditional_check_failed");
  EXPECT_EQ(recorded_results[7], "scanned 4");

  const auto text = file_text(recording);
  for (auto secret : {access_key, secret_key, session_token}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " is in the recording";
  }
  EXPECT_NE(text.find("<scrubbed>"), std::string::npos);
  EXPECT_NE(text.find("ProvisionedThroughputExceededException"), std::string::npos) << "the throttle is recorded too";

  proxy.reset();  // no server between here and the end: nothing answers but the file
  io_thread thread;
  auto replay = testkit::replay_transport::open(thread.io.get_executor(), recording);
  ASSERT_TRUE(replay) << replay.error();
  auto c = client::create(thread.io.get_executor(), replayable_options("http://127.0.0.1:1"), *replay);
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(run_workload(*c, table), recorded_results);
  EXPECT_EQ((*replay)->unused(), 0u);

  auto unseen = c->get_item({.table_name = table, .key = {{"pk", "never"}, {"sk", number(0)}}});
  ASSERT_FALSE(unseen);
  EXPECT_EQ(unseen.error().code(), error_code::validation);
  EXPECT_EQ(unseen.error().attempts(), 1) << "never retried";
  EXPECT_NE(std::string(unseen.error().message()).find("replay: no recorded answer for GetItem"), std::string::npos)
      << unseen.error().message();
  auto again = c->put_item({.table_name = table, .item = {{"pk", "r"}, {"sk", number(0)}, {"v", "value 0"}}});
  ASSERT_FALSE(again) << "each recorded answer is used once";
  EXPECT_NE(std::string(again.error().message()).find("no recorded answer left for PutItem"), std::string::npos)
      << again.error().message();
}

TEST(replay_transport, a_file_that_is_not_a_recording_is_refused_naming_the_line) {
  const auto path = fs::temp_directory_path() / (unique_name("not-a-recording") + ".jsonl");
  std::ofstream(path) << R"({"operation":"GetItem","request":{"body":"{}"},"response":{"status":200,"headers":[],"body":"{}"}})"
                      << "\n{not json\n";
  boost::asio::io_context io;
  auto replay = testkit::replay_transport::open(io.get_executor(), path);
  fs::remove(path);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().code(), error_code::validation);
  EXPECT_NE(std::string(replay.error().message()).find("line 2"), std::string::npos) << replay.error().message();
}

}  // namespace
}  // namespace ddbkit::testing

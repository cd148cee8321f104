// Record and replay without a server: the recording's scrubbing and format (over the
// scripted transport), and the replay's matching (canonical bodies, recorded order).
#include <ddbkit/testkit/recording_transport.hpp>
#include <ddbkit/testkit/replay_transport.hpp>
#include <ddbkit/testkit/scripted_transport.hpp>

#include "testkit/exchange_record.hpp"

#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ddbkit::testkit {
namespace {

namespace fs = std::filesystem;

http::request dynamodb_request(std::string operation, std::string body) {
  http::request req;
  req.body = std::move(body);
  req.headers = {{"X-Amz-Target", "DynamoDB_20120810." + operation},
                 {"Authorization", "AWS4-HMAC-SHA256 Credential=AKIDUNITTEST/20261203/x/dynamodb/aws4_request, "
                                   "SignedHeaders=host, Signature=abcdef"},
                 {"X-Amz-Security-Token", "unit-test-session-token"},
                 {"X-Amz-Date", "20261203T000000Z"}};
  return req;
}

/// Sends `req` through `t` on `io` and returns the outcome.
result<http::response> send(boost::asio::io_context& io, http::transport& t, http::request req) {
  std::optional<result<http::response>> got;
  t.async_send(*http::endpoint::parse("http://127.0.0.1:1"), std::move(req), std::chrono::milliseconds(0),
               [&got](result<http::response> r) { got = std::move(r); });
  io.restart();
  io.run();
  return got ? std::move(*got) : fail(error_code::unknown, "no completion");
}

struct temp_file {
  fs::path path = fs::temp_directory_path() / ("ddbkit-record-" + std::to_string(::getpid()) + ".jsonl");
  ~temp_file() { fs::remove(path); }
  std::string text() const {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
};

TEST(canonical_body, sorts_members_at_every_level_and_drops_the_client_request_token) {
  EXPECT_EQ(detail::canonical_body(R"({"b":1,"ClientRequestToken":"x","a":{"z":[{"d":1,"c":2}],"y":true}})"),
            R"({"a":{"y":true,"z":[{"c":2,"d":1}]},"b":1})");
  EXPECT_EQ(detail::canonical_body("not json"), "not json");
}

TEST(recording_transport, writes_each_dynamodb_exchange_with_credentials_scrubbed_and_passes_others_through) {
  boost::asio::io_context io;
  auto scripted = std::make_shared<scripted_transport>(io.get_executor());
  temp_file file;
  auto recorder = recording_transport::create(scripted, file.path);
  ASSERT_TRUE(recorder) << recorder.error();
  scripted->respond(200, R"({"Item":{"pk":{"S":"a"}}})", {{"x-amz-crc32", "123"}});
  scripted->fail_with(error(error_code::network, "connection refused"));
  scripted->respond(200, "<AssumeRoleResponse>secret</AssumeRoleResponse>");

  auto got = send(io, **recorder, dynamodb_request("GetItem", R"({"TableName":"t"})"));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->body, R"({"Item":{"pk":{"S":"a"}}})");
  EXPECT_FALSE(send(io, **recorder, dynamodb_request("PutItem", "{}")));
  http::request sts;
  sts.body = "Action=AssumeRole";
  EXPECT_TRUE(send(io, **recorder, sts));

  EXPECT_EQ((*recorder)->recorded(), 2u);
  const auto text = file.text();
  EXPECT_EQ(text.find("AKIDUNITTEST"), std::string::npos);
  EXPECT_EQ(text.find("unit-test-session-token"), std::string::npos);
  EXPECT_EQ(text.find("AssumeRole"), std::string::npos) << "requests that are not DynamoDB's are not recorded";
  EXPECT_NE(text.find(R"(["Authorization","<scrubbed>"])"), std::string::npos);
  EXPECT_NE(text.find(R"(["x-amz-crc32","123"])"), std::string::npos) << "response headers are kept";
  EXPECT_NE(text.find(R"("code":"network")"), std::string::npos);
}

TEST(replay_transport, answers_equal_requests_in_recorded_order_whatever_the_token_or_member_order) {
  boost::asio::io_context io;
  temp_file file;
  {
    std::ofstream out(file.path);
    const auto req = dynamodb_request("TransactWriteItems", R"({"ClientRequestToken":"first","TransactItems":[]})");
    out << detail::exchange_line("TransactWriteItems", req,
                                 fail(error_code::network, "reset"))
        << "\n"
        << detail::exchange_line("TransactWriteItems", req, http::response{.status = 200, .headers = {}, .body = "{}"})
        << "\n";
  }
  auto replay = replay_transport::open(io.get_executor(), file.path);
  ASSERT_TRUE(replay) << replay.error();
  EXPECT_EQ((*replay)->unused(), 2u);
  const auto again = R"({"TransactItems":[],"ClientRequestToken":"another"})";
  auto first = send(io, **replay, dynamodb_request("TransactWriteItems", again));
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().code(), error_code::network);
  auto second = send(io, **replay, dynamodb_request("TransactWriteItems", again));
  ASSERT_TRUE(second) << second.error();
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ((*replay)->unused(), 0u);
  auto third = send(io, **replay, dynamodb_request("TransactWriteItems", again));
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code(), error_code::validation);
  EXPECT_NE(std::string(third.error().message()).find("replay: no recorded answer left for TransactWriteItems"),
            std::string::npos);
}

}  // namespace
}  // namespace ddbkit::testkit

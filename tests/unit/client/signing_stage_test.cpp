// The signing stage alone, over the scripted transport: credentials, the JSON 1.0 headers,
// the SigV4 signature, and the request's timeout within the call's deadline.
#include "client/request_path/signing_stage.hpp"
#include "stage_testing.hpp"

#include <ddbkit/auth/sigv4_signer.hpp>
#include <ddbkit/client_options.hpp>
#include <ddbkit/testkit/scripted_transport.hpp>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/system_executor.hpp>
#include <gmock/gmock.h>

#include <atomic>
#include <thread>

namespace ddbkit {
namespace {

using namespace testing;
using ::testing::HasSubstr;

/// Refuses every request for credentials.
class no_credentials final : public credentials_provider {
 public:
  void async_get_credentials(handler h) override {
    std::move(h)(result<credentials>(fail(error_code::credentials, "no credentials found")));
  }
};

/// Counts how it is asked; has its credentials at hand or not, as the test says.
class counting_credentials final : public credentials_provider {
 public:
  explicit counting_credentials(bool at_hand) : at_hand_(at_hand) {}
  void async_get_credentials(handler h) override {
    ++asked_async;
    std::move(h)(result<credentials>(keys("AKIDASYNC")));
  }
  std::shared_ptr<const credentials> credentials_at_hand() override {
    ++asked_at_hand;
    if (!at_hand_) return nullptr;
    return std::make_shared<const credentials>(keys("AKIDATHAND"));
  }
  int asked_async = 0;
  int asked_at_hand = 0;

 private:
  static credentials keys(std::string id) {
    return credentials{.access_key_id = std::move(id), .secret_access_key = secret_string("secret"),
                       .session_token = {}, .expiration = std::nullopt};
  }
  bool at_hand_;
};

/// Answers from a thread of its own, through the executor its handler asks for (as the
/// providers that fetch over the network do); counts the handlers that named no executor.
class remote_credentials final : public credentials_provider {
 public:
  ~remote_credentials() override {
    if (worker.joinable()) worker.join();
  }
  void async_get_credentials(handler h) override {
    worker = std::thread([this, h = std::move(h)]() mutable {
      auto executor = boost::asio::get_associated_executor(h, boost::asio::system_executor());
      if (executor == boost::asio::any_completion_executor(boost::asio::system_executor())) ++without_executor;
      // From this thread a dispatch posts (Boost 1.81's any_completion_executor only dispatches).
      boost::asio::dispatch(executor, [h = std::move(h)]() mutable {
        std::move(h)(result<credentials>(credentials{.access_key_id = "AKIDREMOTE",
                                                     .secret_access_key = secret_string("secret"),
                                                     .session_token = {},
                                                     .expiration = std::nullopt}));
      });
    });
  }
  std::thread worker;
  std::atomic<int> without_executor = 0;
};

/// The scripted transport, noting the thread each request is sent from.
class thread_noting_transport final : public http::transport {
 public:
  explicit thread_noting_transport(testkit::scripted_transport& inner) : inner_(inner) {}
  void async_send(const http::endpoint& ep, http::request req, std::chrono::milliseconds timeout,
                  handler h) override {
    sent_from = std::this_thread::get_id();
    inner_.async_send(ep, std::move(req), timeout, std::move(h));
  }
  std::thread::id sent_from;

 private:
  testkit::scripted_transport& inner_;
};

struct signing_stage_test : ::testing::Test {
  signing_stage_test()
      : transport(io.get_executor()),
        target{.endpoint = *http::endpoint::parse("http://127.0.0.1:8000"), .region = "eu-west-1"},
        provider(static_credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")) {}

  detail::exchange_outcome exchange(detail::call_state& call, credentials_provider& creds) {
    detail::signing_stage stage(target, creds, keys, detail::delivery::through(transport), rt.runtime);
    std::optional<detail::exchange_outcome> out;
    boost::asio::co_spawn(io, stage.exchange(call), [&](std::exception_ptr e, detail::exchange_outcome o) {
      if (e) std::rethrow_exception(e);
      out = std::move(o);
    });
    io.run();
    io.restart();
    return std::move(*out);
  }

  boost::asio::io_context io;
  testkit::scripted_transport transport;
  detail::signing_target target;
  std::shared_ptr<credentials_provider> provider;
  sigv4::signing_key_cache keys;
  fake_runtime rt;
};

TEST_F(signing_stage_test, sends_a_signed_json_1_0_request_with_the_attempt_timeout) {
  transport.respond(200, "{}");
  auto call = make_call(rt);
  call.attempt_timeout = 800ms;
  auto out = exchange(call, *provider);
  ASSERT_TRUE(out.response);
  EXPECT_TRUE(out.sent);
  auto sent = transport.requests();
  ASSERT_EQ(sent.size(), 1u);
  const auto& req = sent[0].request;
  EXPECT_EQ(sent[0].timeout, 800ms);
  EXPECT_EQ(req.body, call.body);
  EXPECT_EQ(req.header_value("X-Amz-Target"), "DynamoDB_20120810.GetItem");
  EXPECT_EQ(req.header_value("Content-Type"), "application/x-amz-json-1.0");
  EXPECT_EQ(req.header_value("X-Amz-Date"), "20150830T123600Z");
  EXPECT_THAT(std::string(req.header_value("Authorization")),
              HasSubstr("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/dynamodb/aws4_request, "
                        "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="));
}

TEST_F(signing_stage_test, credentials_at_hand_sign_without_the_asynchronous_round_trip_and_others_are_awaited) {
  for (const bool at_hand : {true, false}) {
    transport.respond(200, "{}");
    counting_credentials creds(at_hand);
    auto call = make_call(rt);
    ASSERT_TRUE(exchange(call, creds).response);
    EXPECT_EQ(creds.asked_at_hand, 1);
    EXPECT_EQ(creds.asked_async, at_hand ? 0 : 1);
    const auto sent = transport.requests();
    EXPECT_THAT(std::string(sent.back().request.header_value("Authorization")),
                HasSubstr(at_hand ? "Credential=AKIDATHAND/" : "Credential=AKIDASYNC/"));
  }
}

TEST_F(signing_stage_test, credentials_fetched_on_another_thread_continue_the_exchange_on_its_executor) {
  transport.respond(200, "{}");
  remote_credentials creds;
  thread_noting_transport noting(transport);
  detail::signing_stage stage(target, creds, keys, detail::delivery::through(noting), rt.runtime);
  auto call = make_call(rt);
  std::optional<detail::exchange_outcome> out;
  boost::asio::co_spawn(io, stage.exchange(call), [&](std::exception_ptr e, detail::exchange_outcome o) {
    if (e) std::rethrow_exception(e);
    out = std::move(o);
  });
  io.run();
  ASSERT_TRUE(out && out->response);
  EXPECT_EQ(creds.without_executor, 0) << "the provider is handed the coroutine's executor";
  EXPECT_EQ(noting.sent_from, std::this_thread::get_id()) << "signed and sent on the thread that runs io";
  EXPECT_THAT(std::string(transport.requests().at(0).request.header_value("Authorization")),
              HasSubstr("Credential=AKIDREMOTE/"));
}

TEST_F(signing_stage_test, the_request_timeout_never_reaches_past_the_calls_deadline) {
  transport.respond(200, "{}");
  auto call = make_call(rt);
  call.attempt_timeout = 800ms;
  call.deadline = rt.now + 300ms;
  ASSERT_TRUE(exchange(call, *provider).response);
  EXPECT_EQ(transport.requests().at(0).timeout, 300ms);
}

TEST_F(signing_stage_test, a_passed_deadline_sends_nothing) {
  auto call = make_call(rt);
  call.deadline = rt.now;
  auto out = exchange(call, *provider);
  ASSERT_FALSE(out.response);
  EXPECT_EQ(out.response.error().code(), error_code::timeout);
  EXPECT_FALSE(out.sent);
  EXPECT_TRUE(transport.requests().empty());
}

TEST_F(signing_stage_test, without_credentials_nothing_is_sent) {
  no_credentials none;
  auto call = make_call(rt);
  auto out = exchange(call, none);
  ASSERT_FALSE(out.response);
  EXPECT_EQ(out.response.error().code(), error_code::credentials);
  EXPECT_FALSE(out.sent);
  EXPECT_TRUE(transport.requests().empty());
}

}  // namespace
}  // namespace ddbkit

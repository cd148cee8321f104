#pragma once
// Shared by the request path's stage tests: a fake runtime (clocks that move only when a
// stage sleeps, recorded sleeps, a fixed random draw), fake neighbouring stages that
// answer from a script, and a way to run a stage's coroutine to completion.
#include "client/request_path/stages.hpp"
#include "client/request_path/request_runtime.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <deque>
#include <optional>
#include <vector>

namespace ddbkit::testing {

using namespace std::chrono_literals;

struct fake_runtime {
  std::chrono::steady_clock::time_point now = std::chrono::steady_clock::time_point{} + 1000s;
  std::vector<std::chrono::milliseconds> slept;
  bool sleep_succeeds = true;
  double draw = 0.5;
  detail::request_runtime runtime;

  fake_runtime() {
    runtime.wall_clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1440938160)); };
    runtime.steady_clock = [this] { return now; };
    runtime.random = [this] { return draw; };
    runtime.sleep = [this](std::chrono::milliseconds d) -> boost::asio::awaitable<bool> {
      slept.push_back(d);
      now += d;
      co_return sleep_succeeds;
    };
  }
};

/// A call with default retry options whose random draws come from `rt`.
inline detail::call_state make_call(fake_runtime& rt, retry_options options = {}) {
  detail::call_state call{.policy = retry::retry_policy(options, [&rt] { return rt.draw; })};
  call.call_id = 7;
  call.operation = "GetItem";
  call.body = R"({"TableName":"orders","Key":{"pk":{"S":"a"}}})";
  call.attempt_timeout = 30s;
  call.decode = [](const http::response&, detail::response_facts&) -> std::optional<error> {
    return std::nullopt;
  };
  return call;
}

/// Runs an awaitable to completion on a private io_context and returns its value.
template <class T>
T run_to_completion(boost::asio::awaitable<T> work) {
  boost::asio::io_context io;
  std::optional<T> out;
  boost::asio::co_spawn(io, std::move(work), [&](std::exception_ptr e, T value) {
    if (e) std::rethrow_exception(e);
    out = std::move(value);
  });
  io.run();
  EXPECT_TRUE(out.has_value());
  return std::move(*out);
}

/// An attempt stage answering from a script; counts how often it was asked.
class scripted_attempts final : public detail::attempt_stage {
 public:
  scripted_attempts& succeed() {
    script_.push_back(detail::attempt_outcome{});
    return *this;
  }
  scripted_attempts& fail(error e, bool sent = true) {
    detail::attempt_outcome out;
    out.failure = std::move(e);
    out.sent = sent;
    script_.push_back(std::move(out));
    return *this;
  }
  boost::asio::awaitable<detail::attempt_outcome> attempt(detail::call_state&) override {
    ++asked;
    if (script_.empty()) {
      ADD_FAILURE() << "unscripted attempt";
      co_return detail::attempt_outcome::not_sent(error(error_code::unknown, "unscripted"));
    }
    auto out = std::move(script_.front());
    script_.pop_front();
    co_return out;
  }
  int asked = 0;

 private:
  std::deque<detail::attempt_outcome> script_;
};

/// An exchange stage answering from a script.
class scripted_exchanges final : public detail::exchange_stage {
 public:
  scripted_exchanges& answer(http::response r) {
    detail::exchange_outcome out;
    out.response = std::move(r);
    out.latency = 3ms;
    script_.push_back(std::move(out));
    return *this;
  }
  scripted_exchanges& fail(error e, bool sent = true) {
    detail::exchange_outcome out;
    out.response = std::unexpected(std::move(e));
    out.sent = sent;
    script_.push_back(std::move(out));
    return *this;
  }
  boost::asio::awaitable<detail::exchange_outcome> exchange(detail::call_state&) override {
    if (script_.empty()) {
      ADD_FAILURE() << "unscripted exchange";
      co_return detail::exchange_outcome{};
    }
    auto out = std::move(script_.front());
    script_.pop_front();
    co_return out;
  }

 private:
  std::deque<detail::exchange_outcome> script_;
};

/// An observer that writes down everything it is told.
class recording_observer final : public observer {
 public:
  void on_call_start(const call_info& call) override {
    events.push_back("start " + std::string(call.operation) + " #" + std::to_string(call.call_id));
  }
  void on_attempt(const call_info& call, const attempt_info& attempt) override {
    events.push_back("attempt " + std::to_string(attempt.attempt) + " #" + std::to_string(call.call_id) +
                     (attempt.error ? " " + std::string(to_string(attempt.error->code())) : " ok") +
                     (attempt.retry_delay ? " retry in " + std::to_string(attempt.retry_delay->count()) + "ms" : ""));
  }
  void on_call_end(const call_info& call, const call_result& result) override {
    events.push_back("end #" + std::to_string(call.call_id) + " attempts " + std::to_string(result.attempts) +
                     (result.error ? " " + std::string(to_string(result.error->code())) : " ok"));
    latencies.push_back(result.latency);
  }
  void on_circuit_state(std::string_view endpoint, circuit_state state) override {
    events.push_back("circuit " + std::string(endpoint) + " " + std::string(to_string(state)));
  }
  std::vector<std::string> events;
  std::vector<std::chrono::nanoseconds> latencies;
};

}  // namespace ddbkit::testing

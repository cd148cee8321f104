// The circuit breaker stage alone: fail fast while open, record what each call's outcome
// says about the endpoint, tell observers about state changes.
#include "client/request_path/circuit_breaker_stage.hpp"
#include "stage_testing.hpp"

#include <gmock/gmock.h>

#include <deque>

namespace ddbkit {
namespace {

using namespace testing;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

/// A call stage that ends each call as scripted, after `requests` requests.
class scripted_calls final : public detail::call_stage {
 public:
  scripted_calls& end(result<void> outcome, int requests = 1) {
    script_.push_back({std::move(outcome), requests});
    return *this;
  }
  boost::asio::awaitable<result<void>> run(detail::call_state& call) override {
    ++runs;
    auto [outcome, requests] = std::move(script_.front());
    script_.pop_front();
    call.used.requests = requests;
    co_return outcome;
  }
  int runs = 0;

 private:
  std::deque<std::pair<result<void>, int>> script_;
};

struct circuit_breaker_stage_test : ::testing::Test {
  circuit_breaker_stage_test()
      : breaker({.enabled = true, .failure_threshold = 2, .open_duration = 1000ms, .success_threshold = 1}),
        stage(breaker, "http://127.0.0.1:1", observers, rt.runtime, calls) {
    observers.push_back(recorder);
  }
  result<void> run() {
    auto call = make_call(rt);
    return run_to_completion(stage.run(call));
  }

  fake_runtime rt;
  scripted_calls calls;
  retry::circuit_breaker breaker;
  std::shared_ptr<recording_observer> recorder = std::make_shared<recording_observer>();
  detail::observer_list observers;
  detail::circuit_breaker_stage stage;
};

TEST_F(circuit_breaker_stage_test, consecutive_failed_calls_open_it_and_then_nothing_is_sent) {
  calls.end(fail(error_code::internal_server_error, "a"), 3).end(fail(error_code::network, "b"), 3);
  run();
  run();
  auto refused = run();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), error_code::circuit_open);
  EXPECT_EQ(refused.error().attempts(), 0);
  EXPECT_THAT(std::string(refused.error().message()), HasSubstr("last error: b"));
  EXPECT_EQ(calls.runs, 2);
  EXPECT_THAT(recorder->events, ElementsAre("circuit http://127.0.0.1:1 open"));
}

TEST_F(circuit_breaker_stage_test, after_the_open_duration_a_probe_goes_through_and_closes_it) {
  calls.end(fail(error_code::timeout, "a")).end(fail(error_code::timeout, "b")).end(result<void>{});
  run();
  run();
  rt.now += 1000ms;
  EXPECT_TRUE(run());
  EXPECT_THAT(recorder->events, ElementsAre("circuit http://127.0.0.1:1 open", "circuit http://127.0.0.1:1 half_open",
                                            "circuit http://127.0.0.1:1 closed"));
}

TEST_F(circuit_breaker_stage_test, throttles_cancellations_and_unsent_calls_do_not_count) {
  calls.end(fail(error_code::throttled, "a"))
      .end(fail(error_code::canceled, "b"))
      .end(fail(error_code::credentials, "c"), 0)
      .end(fail(error_code::throttled, "d"));
  for (int i = 0; i < 4; ++i) run();
  EXPECT_EQ(breaker.consecutive_failures(), 0);
  EXPECT_TRUE(recorder->events.empty());
}

TEST_F(circuit_breaker_stage_test, any_answer_other_than_a_final_5xx_is_a_sign_of_life) {
  calls.end(fail(error_code::internal_server_error, "a"))
      .end(fail(error_code::conditional_check_failed, "b"))
      .end(fail(error_code::internal_server_error, "c"));
  for (int i = 0; i < 3; ++i) run();
  EXPECT_EQ(breaker.consecutive_failures(), 1);
}

}  // namespace
}  // namespace ddbkit

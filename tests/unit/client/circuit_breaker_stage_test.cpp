// The circuit breaker stage alone: fail fast while open, record what each sent request
// says about the endpoint, tell observers about state changes.
#include "client/request_path/circuit_breaker_stage.hpp"
#include "stage_testing.hpp"

#include <gmock/gmock.h>

namespace ddbkit {
namespace {

using namespace testing;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct circuit_breaker_stage_test : ::testing::Test {
  circuit_breaker_stage_test()
      : breaker({.enabled = true, .failure_threshold = 2, .open_duration = 1000ms, .success_threshold = 1}),
        stage(breaker, "http://127.0.0.1:1", observers, rt.runtime, attempts) {
    observers.push_back(recorder);
  }
  detail::attempt_outcome attempt(detail::call_state& call) { return run_to_completion(stage.attempt(call)); }

  fake_runtime rt;
  scripted_attempts attempts;
  retry::circuit_breaker breaker;
  std::shared_ptr<recording_observer> recorder = std::make_shared<recording_observer>();
  detail::observer_list observers;
  detail::circuit_breaker_stage stage;
};

TEST_F(circuit_breaker_stage_test, consecutive_failures_open_it_and_then_nothing_is_sent) {
  attempts.fail(error(error_code::internal_server_error, "a")).fail(error(error_code::network, "b"));
  auto call = make_call(rt);
  attempt(call);
  attempt(call);
  call.previous_failure = error(error_code::network, "b");
  auto refused = attempt(call);
  EXPECT_FALSE(refused.sent);
  ASSERT_TRUE(refused.failure);
  EXPECT_EQ(refused.failure->code(), error_code::circuit_open);
  EXPECT_THAT(std::string(refused.failure->message()), HasSubstr("last error: b"));
  EXPECT_EQ(attempts.asked, 2);
  EXPECT_THAT(recorder->events, ElementsAre("circuit http://127.0.0.1:1 open"));
}

TEST_F(circuit_breaker_stage_test, after_the_open_duration_a_probe_goes_through_and_closes_it) {
  attempts.fail(error(error_code::timeout, "a")).fail(error(error_code::timeout, "b")).succeed();
  auto call = make_call(rt);
  attempt(call);
  attempt(call);
  rt.now += 1000ms;
  auto probe = attempt(call);
  EXPECT_FALSE(probe.failure);
  EXPECT_THAT(recorder->events, ElementsAre("circuit http://127.0.0.1:1 open", "circuit http://127.0.0.1:1 half_open",
                                            "circuit http://127.0.0.1:1 closed"));
}

TEST_F(circuit_breaker_stage_test, throttles_cancellations_and_unsent_requests_do_not_count) {
  attempts.fail(error(error_code::throttled, "a"))
      .fail(error(error_code::canceled, "b"))
      .fail(error(error_code::credentials, "c"), false)
      .fail(error(error_code::throttled, "d"));
  auto call = make_call(rt);
  for (int i = 0; i < 4; ++i) attempt(call);
  EXPECT_EQ(breaker.consecutive_failures(), 0);
  EXPECT_TRUE(recorder->events.empty());
}

TEST_F(circuit_breaker_stage_test, any_answer_other_than_5xx_is_a_sign_of_life) {
  attempts.fail(error(error_code::internal_server_error, "a"))
      .fail(error(error_code::conditional_check_failed, "b"))
      .fail(error(error_code::internal_server_error, "c"));
  auto call = make_call(rt);
  for (int i = 0; i < 3; ++i) attempt(call);
  EXPECT_EQ(breaker.consecutive_failures(), 1);
}

}  // namespace
}  // namespace ddbkit

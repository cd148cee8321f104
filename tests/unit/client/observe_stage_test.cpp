// The observe stage alone: every call is reported as a start and an end with its attempts,
// outcome and latency on the runtime's clock; with no observers nothing is built.
#include "client/request_path/observe_stage.hpp"
#include "stage_testing.hpp"

#include <gmock/gmock.h>

namespace ddbkit {
namespace {

using namespace testing;
using ::testing::ElementsAre;

/// A call stage that "sends" `requests` requests, taking 5 ms each, then returns `outcome`.
class fake_call final : public detail::call_stage {
 public:
  fake_call(fake_runtime& rt, int requests, result<void> outcome) : rt_(rt), requests_(requests), outcome_(outcome) {}
  boost::asio::awaitable<result<void>> run(detail::call_state& call) override {
    ++runs;
    call.used.requests = requests_;
    rt_.now += requests_ * 5ms;
    co_return outcome_;
  }
  int runs = 0;

 private:
  fake_runtime& rt_;
  int requests_;
  result<void> outcome_;
};

TEST(observe_stage, reports_the_start_and_the_end_of_each_call) {
  fake_runtime rt;
  auto recorder = std::make_shared<recording_observer>();
  detail::observer_list observers{recorder};
  fake_call next(rt, 3, result<void>{});
  detail::observe_stage stage(observers, rt.runtime, next);
  auto call = make_call(rt);
  EXPECT_TRUE(run_to_completion(stage.run(call)));
  EXPECT_THAT(recorder->events, ElementsAre("start GetItem #7", "end #7 attempts 3 ok"));
  EXPECT_THAT(recorder->latencies, ElementsAre(15ms));
}

TEST(observe_stage, reports_the_error_that_ended_a_call) {
  fake_runtime rt;
  auto recorder = std::make_shared<recording_observer>();
  detail::observer_list observers{recorder};
  fake_call next(rt, 1, fail(error_code::resource_not_found, "no table"));
  detail::observe_stage stage(observers, rt.runtime, next);
  auto call = make_call(rt);
  EXPECT_FALSE(run_to_completion(stage.run(call)));
  EXPECT_THAT(recorder->events, ElementsAre("start GetItem #7", "end #7 attempts 1 resource_not_found"));
}

TEST(observe_stage, a_refused_input_is_a_call_without_attempts) {
  auto recorder = std::make_shared<recording_observer>();
  detail::observer_list observers{recorder};
  detail::observe_stage::refused(observers, {.call_id = 0, .operation = "PutItem", .table = "t", .index = {}},
                                 error::validation("PutItem.TableName", "too short"));
  EXPECT_THAT(recorder->events, ElementsAre("start PutItem #0", "end #0 attempts 0 validation"));
}

TEST(observe_stage, without_observers_the_call_runs_untouched) {
  fake_runtime rt;
  bool clock_read = false;
  rt.runtime.steady_clock = [&] {
    clock_read = true;
    return rt.now;
  };
  detail::observer_list none;
  fake_call next(rt, 1, result<void>{});
  detail::observe_stage stage(none, rt.runtime, next);
  auto call = make_call(rt);
  EXPECT_TRUE(run_to_completion(stage.run(call)));
  EXPECT_EQ(next.runs, 1);
  EXPECT_FALSE(clock_read) << "no observer, no cost";
}

}  // namespace
}  // namespace ddbkit

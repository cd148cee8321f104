#pragma once
// Internal: the retry loop (DESIGN.md "Retry"). Sends attempts until one succeeds or the
// policy says stop: budgets per failure class, the retry quota, full-jitter backoff on the
// runtime's sleep, and the call's deadline. The request body (and so a transaction's
// ClientRequestToken) is the same for every attempt.
#include "client/request_path/observe_stage.hpp"
#include "client/request_path/request_runtime.hpp"
#include "client/request_path/send_rate_stage.hpp"
#include "client/request_path/stages.hpp"

namespace ddbkit::detail {

/// Thread safety: run() may be called concurrently.
class retry_stage final : public call_stage {
 public:
  /// Everything referenced must outlive the stage.
  retry_stage(send_rate_stage& quota, const observer_list& observers, const request_runtime& runtime,
              attempt_stage& next)
      : quota_(quota), observers_(observers), runtime_(runtime), next_(next) {}

  /// Completes when an attempt succeeded, or with the error that ended the call: its
  /// attempts() is the number of requests sent; a canceled call ends with `canceled`, one
  /// whose deadline passed with `timeout`. Observers see every request sent.
  boost::asio::awaitable<result<void>> run(call_state& call) override { return run_from(call, nullptr); }

  /// As run(), for a call whose first attempt was made outside the loop (request_path's
  /// direct path) and failed: `first` (null: none) is taken as that attempt's outcome.
  boost::asio::awaitable<result<void>> run_from(call_state& call, attempt_outcome* first);

  /// What the loop does with a request that succeeded, besides telling observers: the
  /// request is counted, the retry quota gets its tokens back, the call keeps its facts.
  void count_success(call_state& call, attempt_outcome& out);

 private:
  send_rate_stage& quota_;
  const observer_list& observers_;
  const request_runtime& runtime_;
  attempt_stage& next_;
};

}  // namespace ddbkit::detail

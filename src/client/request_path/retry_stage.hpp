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
  boost::asio::awaitable<result<void>> run(call_state& call) override;

 private:
  send_rate_stage& quota_;
  const observer_list& observers_;
  const request_runtime& runtime_;
  attempt_stage& next_;
};

}  // namespace ddbkit::detail

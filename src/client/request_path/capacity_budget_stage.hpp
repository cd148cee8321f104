#pragma once
// Internal: the capacity budget (client_options::capacity_budget) paces requests before
// they are sent and is paid what each answered request consumed.
#include "client/request_path/request_runtime.hpp"
#include "client/request_path/stages.hpp"

#include <ddbkit/retry/capacity_budget.hpp>

namespace ddbkit::detail {

/// Thread safety: attempt() may be called concurrently (the budget locks).
class capacity_budget_stage final : public attempt_stage {
 public:
  /// `budget` may be null (no budget); it must outlive the stage.
  capacity_budget_stage(retry::capacity_budget* budget, const request_runtime& runtime, attempt_stage& next)
      : budget_(budget), runtime_(runtime), next_(next) {}

  /// Waits while a table the request names is in debt (never past the call's deadline:
  /// then `timeout`, not sent), sends, and charges the consumed capacity per table (one
  /// unit per table when the answer reports none).
  boost::asio::awaitable<attempt_outcome> attempt(call_state& call) override;

 private:
  retry::capacity_budget* budget_;
  const request_runtime& runtime_;
  attempt_stage& next_;
};

}  // namespace ddbkit::detail

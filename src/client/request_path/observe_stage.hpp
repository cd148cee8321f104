#pragma once
// Internal: the outermost stage. Tells the client's observers about every call; the retry
// stage tells them about every attempt through attempt().
#include "client/request_path/request_runtime.hpp"
#include "client/request_path/stages.hpp"

#include <ddbkit/observer.hpp>

#include <memory>
#include <vector>

namespace ddbkit::detail {

using observer_list = std::vector<std::shared_ptr<observer>>;

/// Thread safety: run() may be called concurrently (the list is fixed at construction).
class observe_stage final : public call_stage {
 public:
  observe_stage(const observer_list& observers, const request_runtime& runtime, call_stage& next)
      : observers_(observers), runtime_(runtime), next_(next) {}

  /// on_call_start, the call, on_call_end (to the client's observers and the call's
  /// own); with no observer only the call.
  boost::asio::awaitable<result<void>> run(call_state& call) override;

  /// Tells every observer (and the call's own) about an attempt of `call`.
  static void attempt(const observer_list& observers, const call_state& call, const attempt_info& info);
  /// Tells every observer about a call refused before anything was sent (its input did
  /// not serialize): a start and an end with no attempt.
  static void refused(const observer_list& observers, const call_info& call, const error& e);

 private:
  boost::asio::awaitable<result<void>> run_observed(call_state& call);

  const observer_list& observers_;
  const request_runtime& runtime_;
  call_stage& next_;
};

}  // namespace ddbkit::detail

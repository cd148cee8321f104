#pragma once
// Internal: the chain of stages from call to response, assembled once per client and
// transport (DESIGN.md "Request path"):
//   observe → circuit breaker → retry → send rate → capacity budget → response (CRC, errors)
//   → signing → transport
#include "client/request_path/capacity_budget_stage.hpp"
#include "client/request_path/circuit_breaker_stage.hpp"
#include "client/request_path/observe_stage.hpp"
#include "client/request_path/response_stage.hpp"
#include "client/request_path/retry_stage.hpp"
#include "client/request_path/send_rate_stage.hpp"
#include "client/request_path/signing_stage.hpp"

#include <boost/asio/any_completion_handler.hpp>

#include <optional>

namespace ddbkit::detail {

/// The shared state the stages of a client use, owned by the client.
struct request_path_parts {
  const signing_target& target;
  credentials_provider& credentials;
  sigv4::signing_key_cache& signing_keys;
  retry::circuit_breaker& breaker;
  retry::adaptive_rate_limiter* limiter;  ///< null: adaptive mode off
  retry::retry_quota* quota;              ///< null: no retry quota
  retry::capacity_budget* budget;         ///< null: no capacity budget
  const observer_list& observers;
};

/// What request_path::start() made of a call.
struct direct_start {
  /// The call is over: its first request succeeded, or the breaker refused it.
  std::optional<result<void>> ended;
  /// Otherwise the first attempt, to go on from with continue_from(); none when it was not
  /// made (credentials not at hand).
  std::optional<attempt_outcome> first;
  /// `ended` was decided from within start() (the breaker refused the call): the caller
  /// must hear of it later, not from within its initiating function. (A call that ends
  /// with an answer got it through the transport's completion, never at once.)
  bool ended_at_once = false;
};

/// One chain over one transport with one runtime. Not movable: the stages refer to each
/// other. Thread safety: run() may be called concurrently.
class request_path {
 public:
  /// `to`: where signed requests go (see delivery; on a strand, calls must run on it).
  request_path(const request_path_parts& parts, delivery to, request_runtime runtime);
  request_path(const request_path&) = delete;
  request_path& operator=(const request_path&) = delete;

  /// Runs `call` through every stage.
  boost::asio::awaitable<result<void>> run(call_state& call) { return observe_.run(call); }

  /// Runs `call` to its end on the calling thread, for a path that delivers there
  /// (delivery::on_calling_thread). While nothing needs a stage's coroutine (no observer,
  /// no rate limiter, no capacity budget for the operation, credentials at hand) the first
  /// request is made by plain calls of the stages' own steps, and a success ends the call
  /// there; whatever else happens continues through the stages, on the thread's own
  /// io_context. Outcome, counts and effects are run()'s.
  result<void> run_here(call_state& call);

  /// No stage of `call` would wait or tell anyone: run_here() and start() may make its
  /// first request directly.
  bool direct(const call_state& call) const;

  /// run_here()'s counterpart for async calls that direct() allows: the breaker's
  /// admission, then (credentials at hand) the first request through the transport's
  /// handler, with no coroutine, and the response stage's reading of its answer. `then` is
  /// called once with what happened, on `then`'s associated executor (with its
  /// cancellation slot reaching the request), or from within this call when nothing was
  /// sent. A call that did not end goes on with continue_from(); `call` must live until it
  /// ends.
  void start(call_state& call, boost::asio::any_completion_handler<void(direct_start)> then);

  /// The rest of a call that start() began: the retry loop from `first` (null: no attempt
  /// made yet), then the breaker's account of how the call ended.
  boost::asio::awaitable<result<void>> continue_from(call_state& call, attempt_outcome* first) {
    return after_admission(call, first);
  }

  const request_runtime& runtime() const noexcept { return runtime_; }

 private:
  /// The call once the breaker admitted it: the retry loop, from `first` (an attempt made
  /// directly; null: none), then the breaker's account of how the call ended.
  boost::asio::awaitable<result<void>> after_admission(call_state& call, attempt_outcome* first);

  const observer_list& observers_;
  const bool paced_;                           ///< an adaptive rate limiter paces requests
  const bool budgeted_;                        ///< a capacity budget holds requests back
  request_runtime runtime_;
  signing_stage signing_;
  response_stage response_;
  capacity_budget_stage budget_;
  send_rate_stage send_rate_;
  retry_stage retry_;
  circuit_breaker_stage breaker_;
  observe_stage observe_;
};

}  // namespace ddbkit::detail

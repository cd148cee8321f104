#pragma once
// Internal: one call as it travels through the request path's stages, and what one
// attempt of it produced.
#include <ddbkit/error.hpp>
#include <ddbkit/http/message.hpp>
#include <ddbkit/model/common.hpp>
#include <ddbkit/observer.hpp>
#include <ddbkit/retry/retry_policy.hpp>

#include "preset_error.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ddbkit::detail {

using steady_time = std::chrono::steady_clock::time_point;

/// What a decoded successful response reports for the observers and the capacity budget
/// besides its output. The spans point into the decoded output (valid while it lives).
struct response_facts {
  std::span<const consumed_capacity> consumed;
  /// Per table, the writes or keys a batch left unprocessed; empty for other operations.
  std::vector<unprocessed_requests> unprocessed;
};

/// Decodes a 2xx response body into the caller's output; an error makes the attempt a
/// failure (permanent: a body that cannot be decoded stays so). On success it fills
/// `facts` from the decoded output.
using response_decoder = std::function<std::optional<error>(const http::response&, response_facts& facts)>;

/// One call: what it sends, its limits, and what it has spent so far. Owned by the
/// coroutine that runs the call; every stage sees it by reference, one at a time.
struct call_state {
  // ---- what the call is ----
  std::uint64_t call_id = 0;
  std::string_view operation;  ///< "GetItem": static storage
  std::string table;           ///< for observers; filled only when the call has some
  std::string index;
  std::string partition_key;  ///< call_options::partition_key, when the call is observed
  /// call_options::call_observer: told about this call besides the client's observers.
  std::shared_ptr<observer> own_observer;
  std::string body;            ///< the serialized input, sent (re-signed) by every attempt
  /// A request whose outcome is unknown may be sent again (harmless, or marked idempotent).
  bool may_repeat = false;
  /// An observer wants the bodies: the response's is kept for it (attempt_outcome).
  bool keep_bodies = false;
  response_decoder decode;

  // ---- limits ----
  retry::retry_policy policy;
  /// When the whole call must be over (call_options::timeout); time_point::max() for none.
  steady_time deadline = steady_time::max();
  /// The timeout of one request (call_options::attempt_timeout, or the transport's).
  std::chrono::milliseconds attempt_timeout{0};

  // ---- progress ----
  retry::call_budget_use used;
  /// Tokens the retry quota gave for the request about to be sent (0 for the first).
  int retry_tokens = 0;
  /// The failure of the previous request, if any (the quota's price and an open
  /// circuit's message depend on it).
  std::optional<error> previous_failure;
  /// What the successful request reports (valid while the decoded output lives).
  response_facts facts;

  call_info info() const {
    return {.call_id = call_id, .operation = operation, .table = table, .index = index, .partition_key = partition_key};
  }
};

/// What one attempt produced.
struct attempt_outcome {
  /// Empty when the request succeeded (and was decoded).
  std::optional<error> failure;
  /// Whether a request went to the transport. False when a stage refused to send it (an
  /// open circuit, no credentials, a deadline already past): it is not an attempt.
  bool sent = true;
  /// The response's HTTP status; 0 when no response arrived.
  int http_status = 0;
  /// x-amzn-RequestId of the response, empty when none arrived.
  std::string request_id;
  /// From handing the request to the transport to its answer.
  std::chrono::nanoseconds latency{0};
  /// What the decoded output reports, on success.
  response_facts facts;
  /// The response body, when the call keeps bodies (call_state::keep_bodies).
  std::string response_body;

  static attempt_outcome not_sent(error e) {
    attempt_outcome out;
    out.failure = std::move(e);
    out.sent = false;
    return out;
  }
};

/// A request as the transport answered it, before any interpretation.
struct exchange_outcome {
  result<http::response> response = std::unexpected(preset_error<error_code::unknown, "not sent">());
  bool sent = true;
  std::chrono::nanoseconds latency{0};
};

}  // namespace ddbkit::detail

#pragma once
#include <ddbkit/retry_options.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace ddbkit {

class observer;  // <ddbkit/observer.hpp>

/// Per-call settings, passed beside the request (google-cloud-cpp's per-call options).
struct call_options {
  /// Time for the whole call: every request, every backoff and every wait for the rate
  /// limiter included (fetching credentials is bounded by the provider's own timeouts).
  /// When it runs out the call ends with a `timeout` error, whose outcome_unknown() is set
  /// when a request had been sent without an answer. Zero: no limit beyond the attempts'.
  std::chrono::milliseconds timeout{0};
  /// Time for one request, from handing it to the transport to the end of its response
  /// (a connection wait and a new connection's setup included); a request that runs out
  /// is a transient failure and may be retried. Zero: the client's http.request_timeout.
  std::chrono::milliseconds attempt_timeout{0};
  /// Replaces client_options::retry for this call (attempt budgets and delays; the retry
  /// quota, adaptive mode and circuit breaker stay client-wide). Empty: the client's.
  std::optional<retry_options> retry;
  /// The caller's word that sending this request twice does no harm, so that a request
  /// whose outcome is unknown (sent, then a reset or timeout before the answer) may be
  /// repeated even when ddbkit cannot tell by itself (a conditional write, an update with
  /// ADD or arithmetic). Without it such a call returns the error with outcome_unknown().
  bool idempotent = false;
  /// An observer of this call alone, told about its start, each of its attempts and its
  /// end, besides the client's observers (the table layer charges each batch entry's
  /// budget with the attempts of the requests that carried it).
  std::shared_ptr<ddbkit::observer> call_observer;
  /// The partition key value this call is about, as text, for observers (call_info::
  /// partition_key: hot-key detection). table<T> fills it for get, put, update and remove
  /// while the client is observed; empty for none. (Shared rather than a std::string so
  /// that call_options holds no self-referencing member: GCC 12 relocates temporaries of a
  /// co_await expression bitwise, which a short std::string does not survive.)
  std::shared_ptr<const std::string> partition_key;
};

}  // namespace ddbkit

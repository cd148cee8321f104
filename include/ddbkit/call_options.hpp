#pragma once
#include <ddbkit/retry_options.hpp>

#include <chrono>
#include <optional>

namespace ddbkit {

/// Per-call settings, passed beside the request (google-cloud-cpp's per-call options).
struct call_options {
  /// Time for the whole call; zero for the client's http.request_timeout.
  std::chrono::milliseconds timeout{0};
  /// Replaces client_options::retry for this call (attempt budgets and delays; the retry
  /// quota, adaptive mode and circuit breaker stay client-wide). Empty: the client's.
  std::optional<retry_options> retry;
  /// The caller's word that sending this request twice does no harm, so that a request
  /// whose outcome is unknown (sent, then a reset or timeout before the answer) may be
  /// repeated even when ddbkit cannot tell by itself (a conditional write, an update with
  /// ADD or arithmetic). Without it such a call returns the error with outcome_unknown().
  bool idempotent = false;
};

}  // namespace ddbkit

#pragma once
#include <chrono>

namespace ddbkit {

/// Retry numbers (DESIGN.md "Retry"). Read from DYNAMODB_RETRY_* by
/// client_options::from_env(). The policy that applies them lives in the retry layer.
///
/// `max_attempts` bounds the requests of a call, the first included. Transient failures and
/// conflicts also have a budget of their own, counted in failures of that class only: a
/// call stops at its max_transient_attempts-th transient failure however many throttles
/// it had, and throttles never eat into the transient budget. Example, with the
/// defaults: throttle, throttle, 500, throttle, reset, success is one call of 6 requests.
struct retry_options {
  /// Requests per call at most, the first included ("10 attempts" = 10 requests). Throttles
  /// (ProvisionedThroughputExceeded, ThrottlingException, RequestLimitExceeded,
  /// LimitExceeded) may use all of them.
  int max_attempts = 10;
  /// Backoff base: the retry after the n-th request (n = 1, 2, …) waits
  /// random(0, min(max_delay, base_delay * 2^(n-1))) — "full jitter".
  std::chrono::milliseconds base_delay{50};
  /// Backoff cap, after jitter: no single wait is longer.
  std::chrono::milliseconds max_delay{std::chrono::seconds(20)};

  /// Transient failures (HTTP 5xx, network errors, timeouts, damaged responses) a call may
  /// have; the one that reaches this number is returned.
  int max_transient_attempts = 3;
  /// Transaction conflicts (TransactionConflict, TransactionInProgress, and a
  /// TransactionCanceled whose reasons are conflicts) a call may have.
  int max_conflict_attempts = 3;

  // Client-wide: the next three fields are read from client_options::retry only; a
  // per-call override (call_options::retry) does not change them.

  /// Retry quota (a token bucket shared by all calls of a client, AWS "standard" mode):
  /// a retry after a transient failure costs 5 tokens (10 after a network error or
  /// timeout); a success gives back what its own retry cost, or 1. With the bucket empty,
  /// transient errors are returned unretried, so a failing endpoint does not get ten times
  /// the load. Throttles and conflicts cost nothing: the endpoint works, and backoff and
  /// the class budgets pace those retries.
  bool retry_quota = true;
  /// Size of the retry quota, in tokens.
  int retry_quota_tokens = 500;
  /// Adaptive mode: after throttles the client lowers its own send rate (CUBIC, like the
  /// AWS SDKs' client-side rate limiter) and raises it again as requests succeed. Requests
  /// then wait for a send token before they go out.
  bool adaptive = false;

  friend bool operator==(const retry_options&, const retry_options&) = default;
};

}  // namespace ddbkit

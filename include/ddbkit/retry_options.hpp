#pragma once
#include <chrono>

namespace ddbkit {

/// Retry numbers (DESIGN.md "Retry"). Read from DYNAMODB_RETRY_* by
/// client_options::from_env(). The policy that applies them lives in the retry layer.
struct retry_options {
  /// Requests per call at most, the first included ("10 attempts" = 10 requests).
  int max_attempts = 10;
  /// Backoff base: the n-th retry waits random(0, min(max_delay, base_delay * 2^n)).
  std::chrono::milliseconds base_delay{50};
  /// Backoff cap, after jitter.
  std::chrono::milliseconds max_delay{std::chrono::seconds(20)};

  friend bool operator==(const retry_options&, const retry_options&) = default;
};

}  // namespace ddbkit

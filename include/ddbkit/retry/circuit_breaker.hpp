#pragma once
// A circuit breaker for one endpoint: fail fast while the endpoint is down.
#include <chrono>
#include <mutex>
#include <optional>

namespace ddbkit::retry {

/// The breaker's numbers (DESIGN.md "Retry").
struct circuit_breaker_options {
  /// False: never opens.
  bool enabled = true;
  /// Consecutive failures (the client records one per call: a call whose retries ended in
  /// a 5xx, network error or timeout) that open the circuit.
  int failure_threshold = 5;
  /// How long an open circuit refuses requests before letting probes through (half-open).
  std::chrono::milliseconds open_duration{std::chrono::seconds(30)};
  /// Successful probes that close a half-open circuit.
  int success_threshold = 2;

  friend bool operator==(const circuit_breaker_options&, const circuit_breaker_options&) = default;
};

/// What an answer says about the endpoint's health.
///   - failure: HTTP 5xx, network error, timeout — the endpoint is not answering properly;
///   - success: 2xx, and any 4xx other than a throttle (condition failed, validation, …):
///     the endpoint is alive and answered;
///   - neutral: a throttle — the endpoint is alive but busy; retries and the adaptive
///     limiter deal with it, opening the circuit would only add an outage.
enum class health { success, failure, neutral };

/// closed → (failure_threshold consecutive failures) → open → (open_duration) →
/// half-open → (success_threshold successes) → closed; a failure while half-open opens
/// the circuit again. Half-open lets every request through as a probe.
///
/// Pure: the caller passes the time. Thread safety: all members may be called concurrently.
class circuit_breaker {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  enum class state { closed, open, half_open };

  explicit circuit_breaker(circuit_breaker_options options = {});

  /// Whether a request may be sent, and the state it moved to, if it moved.
  struct admission {
    bool allowed = true;
    std::optional<state> changed_to;
    explicit operator bool() const noexcept { return allowed; }
  };

  /// Whether a request may be sent now (moves open → half-open once open_duration passed).
  admission allow(time_point now);
  /// Records the answer to a request that was sent; the new state when it changed.
  std::optional<state> record(health h, time_point now);

  state current_state() const;
  /// Consecutive failures counted so far in the closed state.
  int consecutive_failures() const;
  /// While open: when probes will be let through.
  time_point reopens_at() const;

 private:
  void open(time_point now);

  const circuit_breaker_options options_;
  mutable std::mutex mutex_;
  state state_ = state::closed;
  int failures_ = 0;
  int successes_ = 0;
  time_point opened_at_{};
};

}  // namespace ddbkit::retry

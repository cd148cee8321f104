#pragma once
// Which failures are retried, how often, and how long to wait (DESIGN.md "Retry").
#include <ddbkit/error.hpp>
#include <ddbkit/retry_options.hpp>

#include <chrono>
#include <functional>

namespace ddbkit::retry {

using ddbkit::classify;
using ddbkit::failure_class;

/// What one call has spent so far: requests sent, and failures of the classes that have a
/// budget of their own. A throttle costs a request and nothing else.
struct call_budget_use {
  int requests = 0;
  int transient_failures = 0;
  int conflict_failures = 0;

  /// Counts the failure of the request just sent.
  void count_failure(failure_class c) noexcept {
    if (c == failure_class::transient) ++transient_failures;
    if (c == failure_class::conflict) ++conflict_failures;
  }
};

/// Why a failed request is or is not repeated.
enum class verdict {
  retry,            ///< send it again after `delay`
  not_retryable,    ///< permanent error (condition failed, validation, …)
  outcome_unknown,  ///< may have been applied, and repeating it is not harmless
  budget_spent,     ///< max_attempts, or the budget of the failure's class, is used up
};

struct decision {
  retry::verdict verdict;
  /// The wait before the next request; zero unless verdict == retry.
  std::chrono::milliseconds delay{0};
};

/// Uniform random numbers in [0, 1).
using random_source = std::function<double()>;

/// Applies retry_options to one failed request. Pure: time and randomness come in.
/// Thread safety: const member functions are safe to call concurrently when the random
/// source is.
class retry_policy {
 public:
  /// `random` must be callable; it is called once per retry decided.
  retry_policy(retry_options options, random_source random);

  /// Failures of class `c` a call may have at most (for throttles: requests, which
  /// max_attempts bounds); each is capped by max_attempts.
  int budget(failure_class c) const noexcept;

  /// The upper bound of the wait after the n-th request (n ≥ 1):
  /// min(max_delay, base_delay * 2^(n-1)).
  std::chrono::milliseconds delay_bound(int requests_sent) const noexcept;

  /// A full-jitter wait after the n-th request: random(0, delay_bound(n)).
  std::chrono::milliseconds backoff(int requests_sent) const;

  /// What to do after `e`, the failure of the latest request of a call whose spending,
  /// this failure included, is `used`. `repeat_is_harmless` allows repeating a request
  /// whose outcome is unknown (reads, unconditional writes, transactions with a token, or a
  /// call the caller marked idempotent).
  decision decide(const error& e, const call_budget_use& used, bool repeat_is_harmless) const;

  const retry_options& options() const noexcept { return options_; }

 private:
  retry_options options_;
  random_source random_;
};

}  // namespace ddbkit::retry

#pragma once
#include <ddbkit/auth/credentials_provider.hpp>

#include <chrono>
#include <functional>
#include <memory>

namespace ddbkit {

/// Caches what a fetch returns and refreshes it before it expires, once for all callers.
///
/// - Credentials without an expiration are fetched once and kept.
/// - Credentials that expire within `refresh_window` (or have expired) are fetched again;
///   every caller that asks while that fetch runs waits for the same fetch (single flight).
/// - A failed refresh hands out the old credentials while they are still valid (not yet
///   expired), and tries again on the next call; with nothing valid it reports the error.
///
/// Thread safety: async_get_credentials may be called from any thread at once. The fetch
/// is never run twice at the same time. Handlers complete on their associated executor
/// (inline when they have none), never while an internal lock is held.
/// Lifetime: a fetch in flight keeps the cache state alive; the provider may be destroyed
/// while it runs.
class caching_credentials_provider final : public credentials_provider {
 public:
  /// Starts one fetch; must complete its handler exactly once.
  using fetch_function = std::function<void(handler)>;
  using clock_function = std::function<std::chrono::system_clock::time_point()>;

  struct options {
    /// Refresh credentials that expire within this window.
    std::chrono::seconds refresh_window{std::chrono::minutes(5)};
    /// The time, for tests; empty for the system clock.
    clock_function clock;
  };

  explicit caching_credentials_provider(fetch_function fetch);
  caching_credentials_provider(fetch_function fetch, options opts);
  ~caching_credentials_provider() override;

  void async_get_credentials(handler h) override;
  /// The cached credentials while they are fresh (not within the refresh window).
  std::shared_ptr<const credentials> credentials_at_hand() override;

 private:
  struct state;
  std::shared_ptr<state> state_;
};

}  // namespace ddbkit

#pragma once
#include <ddbkit/auth/credentials.hpp>
#include <ddbkit/error.hpp>

#include <boost/asio/any_completion_handler.hpp>

#include <memory>

namespace ddbkit {

/// Where the client gets credentials for each request. Implementations cache and refresh
/// as they need; the client asks before signing every request.
/// Thread safety: async_get_credentials may be called concurrently.
class credentials_provider {
 public:
  using handler = boost::asio::any_completion_handler<void(result<credentials>)>;
  virtual ~credentials_provider() = default;
  /// Completes `h` once with credentials or a `credentials` error.
  virtual void async_get_credentials(handler h) = 0;
  /// The credentials when they are at hand without waiting (fixed ones, or cached ones not
  /// due for a refresh), shared and never changed afterwards; null sends the client to
  /// async_get_credentials. The client asks this first for every request: a completion
  /// handler's round trip through the executor would cost more, and a copy of temporary
  /// credentials (a session token is ~1 KB) would cost allocations, a copy and a wipe on
  /// every request. The default has nothing at hand.
  virtual std::shared_ptr<const credentials> credentials_at_hand() { return nullptr; }
};

/// Always the same credentials (long-term keys, or DynamoDB Local's dummy ones).
class static_credentials_provider final : public credentials_provider {
 public:
  explicit static_credentials_provider(credentials c)
      : credentials_(std::make_shared<const credentials>(std::move(c))) {}
  void async_get_credentials(handler h) override;
  std::shared_ptr<const credentials> credentials_at_hand() override { return credentials_; }

 private:
  std::shared_ptr<const credentials> credentials_;
};

}  // namespace ddbkit

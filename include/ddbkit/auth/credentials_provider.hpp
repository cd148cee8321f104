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
};

/// Always the same credentials (long-term keys, or DynamoDB Local's dummy ones).
class static_credentials_provider final : public credentials_provider {
 public:
  explicit static_credentials_provider(credentials c) : credentials_(std::move(c)) {}
  void async_get_credentials(handler h) override;

 private:
  credentials credentials_;
};

}  // namespace ddbkit

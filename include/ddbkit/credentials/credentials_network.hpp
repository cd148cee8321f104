#pragma once
// What the credential providers that call a service (STS, the container endpoint, IMDS)
// send their requests with.
#include <ddbkit/http/transport.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <functional>
#include <memory>

namespace ddbkit {

/// The executor the providers' work runs on, the transport they send through (usually
/// the client's http_client), and the clock they sign and judge expiry with.
/// Lifetime: the execution context behind `executor` must outlive the providers' calls.
struct credentials_network {
  boost::asio::any_io_executor executor;
  std::shared_ptr<http::transport> transport;
  /// Empty for the system clock; tests inject one.
  std::function<std::chrono::system_clock::time_point()> clock;
};

}  // namespace ddbkit

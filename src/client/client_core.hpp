#pragma once
// Internal: the state every call shares, and the wire call (sign, send, map the response).
#include <ddbkit/call_options.hpp>
#include <ddbkit/client_options.hpp>
#include <ddbkit/error.hpp>
#include <ddbkit/http/endpoint.hpp>
#include <ddbkit/http/http_client.hpp>
#include <ddbkit/http/transport.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace ddbkit {

/// Shared by the client object and every call in flight (each holds a shared_ptr), so a
/// call outlives the client that started it. Immutable after construction; thread-safe.
class client_core {
 public:
  client_core(boost::asio::any_io_executor executor, client_options options,
              http::endpoint endpoint, std::shared_ptr<http::transport> transport,
              http::http_client* own_http);

  const client_options& options() const noexcept { return options_; }
  const boost::asio::any_io_executor& executor() const noexcept { return executor_; }

  /// One DynamoDB request: `body` is the serialized input of `operation` ("GetItem").
  /// Completes with the 2xx response or the mapped error (request id and attempts set).
  boost::asio::awaitable<result<http::response>> send(std::string_view operation, std::string body,
                                                      call_options opts);

  /// Closes pooled idle connections of the client's own HTTP client (if it has one).
  void close_idle();

 private:
  boost::asio::awaitable<result<credentials>> get_credentials();

  boost::asio::any_io_executor executor_;
  client_options options_;
  http::endpoint endpoint_;
  std::string host_header_;
  std::shared_ptr<http::transport> transport_;
  http::http_client* own_http_;  // == transport_.get() when the client made its own, else null
};

}  // namespace ddbkit

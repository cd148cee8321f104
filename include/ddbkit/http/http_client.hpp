#pragma once
// HTTP/1.1 client on Boost.Beast with a keep-alive connection pool per endpoint.
#include <ddbkit/http/http_options.hpp>
#include <ddbkit/http/transport.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <cstddef>
#include <memory>

namespace ddbkit::http {

/// Sends requests over pooled keep-alive connections (plain TCP or TLS).
///
/// Connections are reused per endpoint up to `max_connections_per_endpoint`; a response
/// with `Connection: close` (or an HTTP/1.0 one without keep-alive) retires its connection.
/// A request that fails on a reused idle connection before any byte of the response
/// arrives is sent again once on a new connection (the server closed it while idle).
/// TLS verifies the certificate chain against the system CA store and the host name.
///
/// Thread safety: async_send may be called from any thread. Lifetime: the client may be
/// destroyed with requests in flight; they complete with a `network` error.
class http_client final : public transport {
 public:
  http_client(boost::asio::any_io_executor executor, http_options options);
  ~http_client() override;
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  void async_send(const endpoint& ep, request req, std::chrono::milliseconds timeout,
                  handler h) override;

  /// Closes idle connections now.
  void close_idle();

  struct statistics {
    std::size_t connections_opened = 0;  ///< total connections ever established
    std::size_t idle = 0;                ///< pooled and idle now
    std::size_t busy = 0;                ///< carrying a request now
    std::size_t waiting = 0;             ///< requests queued for a connection
  };
  statistics stats() const;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace ddbkit::http

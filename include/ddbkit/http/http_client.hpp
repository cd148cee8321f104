#pragma once
// HTTP/1.1 client on Boost.Beast with a keep-alive connection pool per endpoint.
#include <ddbkit/http/connection_listener.hpp>
#include <ddbkit/http/http_options.hpp>
#include <ddbkit/http/transport.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <cstddef>
#include <memory>

namespace ddbkit::http {

namespace detail {
struct http_client_access;
}

/// Sends requests over pooled keep-alive connections (plain TCP or TLS).
///
/// Connections are reused per endpoint up to `max_connections_per_endpoint`; a response
/// with `Connection: close` (or an HTTP/1.0 one without keep-alive) retires its connection.
/// A request that fails on a reused idle connection before any byte of the response
/// arrives is sent again once on a new connection (the server closed it while idle); this
/// is not a retry in the sense of the retry policy and is never repeated.
/// TLS verifies the certificate chain against the system CA store (plus
/// `http_options::ca_file`) and the host name or IP address; SNI is sent for names.
///
/// Thread safety: async_send, close_idle and stats may be called from any thread at once.
/// The client makes its own strand on `executor` (or uses `executor` itself when that is a
/// strand); the pool and every socket completion run on it, so `executor` may be a plain
/// multi-threaded io_context executor. Handlers are dispatched to their associated
/// executor (default: the client's executor), never run on a strand the client made.
/// Lifetime: the execution context behind `executor` must outlive the client. The client
/// may be destroyed with requests in flight; they complete with a `network` error "http
/// client destroyed" (provided the context still runs).
class http_client final : public transport {
 public:
  /// `listener`, when given, hears of every connection of both pools being opened,
  /// reused, released and closed (see connection_event).
  http_client(boost::asio::any_io_executor executor, http_options options,
              std::shared_ptr<connection_listener> listener = nullptr);
  ~http_client() override;
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  /// See transport::async_send. In detail:
  /// - Timeouts: `http_options::connect_timeout` bounds resolve + connect + TLS handshake;
  ///   `timeout` (or `http_options::request_timeout` when zero) bounds the write and read of
  ///   the exchange, and separately the wait for a free connection when the endpoint is at
  ///   its limit. On expiry the connection is closed and the error is `timeout`.
  /// - Errors: `network` (refused, reset, resolve or TLS failure; the message names
  ///   host:port and the cause), `timeout`, `validation` (a malformed request, an unusable
  ///   `ca_file`). outcome_unknown() is set when the whole request had been written.
  /// - Cancellation: terminal cancellation through `h`'s slot closes the connection (or
  ///   leaves the queue) and completes with `canceled`. Like any Asio
  ///   operation, emit the signal where it cannot race with the completion (e.g. on the
  ///   handler's executor). Partial and total cancellation are not supported.
  /// - Lifetime: `ep` and `req` are copied; nothing needs to outlive the call.
  void async_send(const endpoint& ep, request req, std::chrono::milliseconds timeout,
                  handler h) override;

  /// Sends `req` to `ep` on the calling thread and returns the response (any status) or
  /// the error, with async_send's timeouts and errors. Plain HTTP goes over a pool of
  /// blocking connections of its own (the calling thread does the system calls: one send
  /// and one receive for a kept-alive request, no hand-off to the I/O thread); HTTPS goes
  /// through async_send and waits for it, so the client's executor must be running then.
  /// Must not be called from a thread that runs the client's executor (it would wait for
  /// itself on HTTPS). Thread safety: may be called from any number of threads at once.
  result<response> send_blocking(const endpoint& ep, const request& req, std::chrono::milliseconds timeout);

  /// Closes idle connections (asynchronously, soon after the call).
  void close_idle();

  struct statistics {
    std::size_t connections_opened = 0;  ///< total connections ever established (both pools)
    std::size_t idle = 0;                ///< pooled and idle now (async pool)
    std::size_t busy = 0;                ///< carrying a request now (async pool)
    std::size_t waiting = 0;             ///< requests queued for a connection (async pool)
    std::size_t blocking_idle = 0;       ///< idle connections of send_blocking's pool
  };
  /// A snapshot of the counters; each is read atomically, the set is not one instant.
  statistics stats() const;

 private:
  friend struct detail::http_client_access;
  struct impl;
  /// A client whose executor only one thread at a time runs (a ddbkit client's own I/O
  /// thread): its handlers run one at a time already, so it needs no strand
  /// (http_client_access).
  struct on_one_thread {};
  http_client(on_one_thread, boost::asio::any_io_executor executor, http_options options,
              std::shared_ptr<connection_listener> listener);
  std::shared_ptr<impl> impl_;
};

}  // namespace ddbkit::http

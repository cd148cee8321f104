#pragma once
// Internal: one HTTP/1.1 connection (plain TCP or TLS) with its own deadline timer.
#include "http/tls_context.hpp"

#include <ddbkit/error.hpp>
#include <ddbkit/http/endpoint.hpp>
#include <ddbkit/http/message.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace ddbkit::http::detail {

using client_strand = boost::asio::strand<boost::asio::any_io_executor>;
using clock = std::chrono::steady_clock;

/// What one request/response exchange on a connection produced.
struct exchange_result {
  /// The response, or a `network` / `timeout` error (outcome_unknown() already set when the
  /// request had been written completely).
  result<response> outcome = fail(error_code::network, "no exchange");
  /// The whole request left this side (the server may have acted on it).
  bool write_complete = false;
  /// The connection may carry another request (keep-alive, nothing unread, not closed).
  bool reusable = false;
  /// Failed like a connection the server had already closed: EOF or reset while writing or
  /// before the first response byte, no timeout, no abort. Worth one try on a new connection
  /// when the connection was an idle one from the pool.
  bool stale = false;
};

/// One connection to one endpoint, used by one request at a time.
///
/// A deadline timer bounds each phase (connect, exchange): when it fires the socket is
/// closed, the pending operation fails, and the result is a `timeout` error. abort() does the
/// same for cancellation and client shutdown.
///
/// Thread safety: none. Every member function, and every completion, runs on the owning
/// client's strand (the executor passed in). Lifetime: held by shared_ptr; pending timer
/// handlers keep it alive until they run.
class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(client_strand strand, endpoint ep);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  const endpoint& target() const noexcept { return endpoint_; }

  /// Resolves, connects and, with `tls` non-null, performs the TLS handshake, all within
  /// `timeout`. Errors: `network` naming host:port and the cause (never sent anything, so
  /// outcome_unknown() is false), `timeout`, or a `network` error after abort().
  boost::asio::awaitable<result<void>> connect(std::shared_ptr<boost::asio::ssl::context> tls,
                                               std::chrono::milliseconds timeout, bool verify_tls);

  /// Writes `wire` (a serialized request) and reads the complete response within `timeout`.
  /// `head` says the response has no body whatever its headers claim. `wire` must stay alive
  /// and unchanged until the awaitable completes.
  boost::asio::awaitable<exchange_result> exchange(const std::string& wire, bool head,
                                                   std::chrono::milliseconds timeout);

  /// Closes the socket: a pending operation fails soon after; the connection is not reusable.
  /// Idempotent.
  void abort() noexcept;

  bool is_open() const noexcept;
  /// For an idle connection: still open, and the peer neither closed it nor sent anything
  /// unexpected while it sat in the pool (a non-blocking peek, no I/O wait).
  bool idle_alive() noexcept;

  /// When it went idle; pools use it for idle_timeout.
  clock::time_point idle_since() const noexcept { return idle_since_; }
  void mark_idle() noexcept { idle_since_ = clock::now(); }

 private:
  template <class Stream>
  boost::asio::awaitable<exchange_result> exchange_on(Stream& stream, const std::string& wire, bool head);

  void arm(clock::time_point deadline);
  void disarm() noexcept;
  void close() noexcept;
  boost::asio::ip::tcp::socket& socket() noexcept;
  /// The error for an operation that failed with `ec` while doing `what`.
  error failure(std::string_view what, const boost::system::error_code& ec) const;

  endpoint endpoint_;
  std::string authority_;  ///< "host:port" for messages, IPv6 bracketed
  boost::asio::ip::tcp::resolver resolver_;
  std::variant<boost::asio::ip::tcp::socket, tls_stream> stream_;
  std::shared_ptr<boost::asio::ssl::context> tls_context_;  ///< keeps the SSL_CTX alive for the stream
  boost::asio::steady_timer timer_;
  std::uint64_t timer_generation_ = 0;  ///< ignores a timer that expired after disarm()
  std::chrono::milliseconds phase_budget_{0};
  bool timed_out_ = false;
  bool aborted_ = false;
  clock::time_point idle_since_ = clock::now();
};

}  // namespace ddbkit::http::detail

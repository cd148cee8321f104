#pragma once
// Internal: one HTTP/1.1 connection (plain TCP or TLS) used with Asio's async operations.
#include "http/connection_report.hpp"
#include "http/response_reader.hpp"
#include "http/tls_context.hpp"
#include "preset_error.hpp"

#include <ddbkit/error.hpp>
#include <ddbkit/http/endpoint.hpp>
#include <ddbkit/http/message.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace ddbkit::http::detail {

/// A strand of the client's executor, type-erased (http_client.cpp: make_client_strand).
using client_strand = boost::asio::any_io_executor;
using clock = std::chrono::steady_clock;

/// What one request/response exchange on a connection produced.
struct exchange_result {
  /// The response, or a `network` / `timeout` error (outcome_unknown() already set when the
  /// request had been written completely).
  result<response> outcome = std::unexpected(ddbkit::detail::preset_error<error_code::network, "no exchange">());
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
/// System calls are what a kept-alive request costs, so an exchange on a plain connection
/// is: one non-blocking send, a receive that finds nothing yet (Asio's speculative try),
/// the reactor's wait, one receive into a buffer that holds a typical response whole. It
/// is a callback operation (async_exchange_plain), which exchange() awaits.
///
/// The deadline timer is lazy: a phase that ends does not cancel it, and a new phase
/// re-arms it only when its deadline is earlier than the one already armed; when the timer
/// fires it looks at the current deadline. stop_timer() ends the wait for good (an idle
/// connection must not keep its context running).
///
/// Thread safety: none. Every member function, and every completion, runs on the owning
/// client's strand (the executor passed in). Lifetime: held by shared_ptr; pending timer
/// handlers hold only a weak pointer.
class connection : public std::enable_shared_from_this<connection> {
 public:
  /// `listener` (may be null) hears of this connection's opening, reuse, release and close.
  connection(client_strand strand, endpoint ep, std::shared_ptr<connection_listener> listener = nullptr);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  const endpoint& target() const noexcept { return endpoint_; }

  /// Resolves, connects and, with `tls` non-null, performs the TLS handshake, all within
  /// `timeout`. Errors: `network` naming host:port and the cause (never sent anything, so
  /// outcome_unknown() is false), `timeout`, or `canceled` after abort().
  boost::asio::awaitable<result<void>> connect(std::shared_ptr<boost::asio::ssl::context> tls,
                                               std::chrono::milliseconds timeout, bool verify_tls);

  /// Writes `wire` (a serialized request) and reads the complete response within `timeout`.
  /// `head` says the response has no body whatever its headers claim. `wire` must stay alive
  /// and unchanged until the awaitable completes.
  boost::asio::awaitable<exchange_result> exchange(const std::string& wire, bool head,
                                                   std::chrono::milliseconds timeout);

  using exchange_handler = boost::asio::any_completion_handler<void(exchange_result)>;

  /// exchange() of a plain (not TLS) connection as a callback: no coroutine frame, for a
  /// caller on the strand that has none either. `done` is called once, on the strand, and
  /// from within this call when the send fails at once. Its associated cancellation slot
  /// reaches the socket operation under way: a terminal cancellation ends the exchange
  /// with an error and leaves the connection not reusable. `wire` as for exchange().
  void async_exchange_plain(const std::string& wire, bool head, std::chrono::milliseconds timeout,
                            exchange_handler done);

  /// Closes the socket: a pending operation fails soon after; the connection is not reusable.
  /// Idempotent.
  void abort() noexcept;

  bool is_open() const noexcept;
  /// For an idle connection: still open, and — when it has been idle longer than
  /// `check_after` — the peer neither closed it nor sent anything unexpected meanwhile (a
  /// non-blocking peek: one system call, paid only after a quiet spell).
  bool idle_alive(std::chrono::milliseconds check_after) noexcept;

  /// When it went idle; pools use it for idle_timeout.
  clock::time_point idle_since() const noexcept { return idle_since_; }
  /// The pool's bookkeeping: idle (pooled) or handed to a request.
  void mark_idle() noexcept {
    idle_since_ = clock::now();
    idle_ = true;
    report_.idle();
  }
  void mark_busy() noexcept {
    idle_ = false;
    report_.busy();
  }
  bool idle() const noexcept { return idle_; }

  /// Whether the deadline timer still waits (see stop_timer()).
  bool timer_pending() const noexcept { return timer_pending_; }
  /// Ends the deadline timer's wait (for an idle connection).
  void stop_timer() noexcept;

 private:
  /// async_exchange_plain's steps: the request's rest through the reactor, then the reads.
  void finish_sending(const std::string& wire, std::size_t sent, exchange_handler done);
  void read_response(exchange_handler done);
  /// Ends an exchange of async_exchange_plain with what pending_ holds.
  void complete_plain(exchange_handler& done);
  /// Records in `out` a send that failed with `ec` (stale: the connection was found closed).
  void sending_failed(exchange_result& out, const boost::system::error_code& ec) const;
  boost::asio::awaitable<exchange_result> exchange_tls(tls_stream& stream, const std::string& wire, bool head,
                                                       std::chrono::milliseconds timeout);
  /// Ends the exchange's phase and settles what the outcome says about the connection:
  /// the last step of exchange_plain and exchange_tls on every way out.
  exchange_result finished(exchange_result out);
  /// Takes one receive (`got` bytes, or `ec`) into the response being read. True when
  /// more must be read; otherwise `out` holds the response or the error.
  bool absorb(response_reader& reader, const boost::system::error_code& ec, std::size_t got, exchange_result& out);

  /// Starts a phase (connect or exchange) that must end by `deadline`.
  void arm(clock::time_point deadline);
  /// Ends the phase; the timer is left to notice.
  void disarm() noexcept { phase_active_ = false; }
  void start_timer(clock::time_point expiry);
  void on_timer(const boost::system::error_code& ec, std::uint64_t generation);
  void close() noexcept;
  boost::asio::ip::tcp::socket& socket() noexcept;
  /// The error for an operation that failed with `ec` while doing `what`.
  error failure(std::string_view what, const boost::system::error_code& ec) const;

  endpoint endpoint_;
  std::string authority_;  ///< "host:port" for messages, IPv6 bracketed
  boost::asio::ip::tcp::resolver resolver_;
  std::variant<boost::asio::ip::tcp::socket, tls_stream> stream_;
  std::shared_ptr<boost::asio::ssl::context> tls_context_;  ///< keeps the SSL_CTX alive for the stream
  boost::beast::flat_buffer buffer_;  ///< kept across exchanges: sized once for a typical response
  /// The exchange of async_exchange_plain under way (one at a time): its parser and result.
  std::optional<response_reader> reader_;
  exchange_result pending_;
  boost::asio::steady_timer timer_;
  std::uint64_t timer_generation_ = 0;  ///< ignores waits superseded by a newer one
  bool timer_pending_ = false;
  clock::time_point timer_expiry_{};
  clock::time_point deadline_{};
  bool phase_active_ = false;
  std::chrono::milliseconds phase_budget_{0};
  bool timed_out_ = false;
  bool aborted_ = false;
  clock::time_point idle_since_ = clock::now();
  bool idle_ = false;
  connection_report report_;  ///< after endpoint_, which it reads
};

}  // namespace ddbkit::http::detail

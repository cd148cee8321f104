#include "http/connection.hpp"

#include "async/use_tuple.hpp"
#include "error_builder.hpp"
#include "http/response_reader.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>

#include <sys/socket.h>

#include <vector>

namespace ddbkit::http::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using sys_error = boost::system::error_code;

namespace {

using ddbkit::detail::use_tuple;

// The ways a connection the server already closed shows itself on first use.
bool is_connection_lost(const sys_error& ec) {
  return ec == asio::error::eof || ec == beast::http::error::end_of_stream || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted ||
         ec == asio::ssl::error::stream_truncated;
}

}  // namespace

connection::connection(client_strand strand, endpoint ep, std::shared_ptr<connection_listener> listener)
    : endpoint_(std::move(ep)),
      authority_(endpoint_.authority()),
      resolver_(strand),
      stream_(std::in_place_index<0>, strand),
      timer_(strand),
      report_(std::move(listener), endpoint_) {}

connection::~connection() = default;

tcp::socket& connection::socket() noexcept {
  if (auto* tls = std::get_if<tls_stream>(&stream_)) return tls->next_layer();
  return std::get<tcp::socket>(stream_);
}

bool connection::is_open() const noexcept {
  if (const auto* tls = std::get_if<tls_stream>(&stream_)) return tls->next_layer().is_open();
  return std::get<tcp::socket>(stream_).is_open();
}

void connection::close() noexcept {
  sys_error ignored;
  auto& s = socket();
  report_.closed();
  if (!s.is_open()) return;
  s.shutdown(tcp::socket::shutdown_both, ignored);
  s.close(ignored);
}

void connection::abort() noexcept {
  aborted_ = true;
  resolver_.cancel();
  stop_timer();
  close();
}

void connection::arm(clock::time_point deadline) {
  timed_out_ = false;
  phase_active_ = true;
  deadline_ = deadline;
  // A wait that fires no later than this deadline is good enough: it re-checks then.
  if (timer_pending_ && timer_expiry_ <= deadline) return;
  start_timer(deadline);
}

void connection::start_timer(clock::time_point expiry) {
  timer_pending_ = true;
  timer_expiry_ = expiry;
  timer_.expires_at(expiry);  // supersedes a pending wait (its handler sees an old generation)
  // weak: a connection must not be kept alive by its timer.
  timer_.async_wait([weak = weak_from_this(), generation = ++timer_generation_](const sys_error& ec) {
    if (auto self = weak.lock()) self->on_timer(ec, generation);
  });
}

void connection::on_timer(const sys_error& ec, std::uint64_t generation) {
  if (generation != timer_generation_) return;
  timer_pending_ = false;
  if (ec || !phase_active_) return;  // stopped, or no phase running: stop watching
  if (clock::now() < deadline_) {
    start_timer(deadline_);  // the phase that armed the fired wait ended; a later one runs
    return;
  }
  timed_out_ = true;
  resolver_.cancel();
  close();
}

void connection::stop_timer() noexcept {
  if (!timer_pending_) return;
  ++timer_generation_;
  timer_pending_ = false;
  timer_.cancel();
}

error connection::failure(std::string_view what, const sys_error& ec) const {
  // The client replaces this message with its own reason (canceled, client destroyed).
  if (aborted_) return error(error_code::canceled, "operation canceled");
  if (timed_out_) {
    return error(error_code::timeout,
                 std::string(what) + " timed out after " + std::to_string(phase_budget_.count()) + " ms");
  }
  return error(error_code::network, std::string(what) + " failed: " + ec.message());
}

asio::awaitable<result<void>> connection::connect(std::shared_ptr<asio::ssl::context> tls,
                                                  std::chrono::milliseconds timeout, bool verify_tls) {
  phase_budget_ = timeout;
  arm(clock::now() + timeout);
  const std::string what = "connecting to " + authority_;

  std::vector<tcp::endpoint> targets;
  sys_error ec;
  const auto address = asio::ip::make_address(endpoint_.host, ec);
  if (!ec) {
    targets.emplace_back(address, endpoint_.port);
  } else {
    auto [resolve_ec, results] =
        co_await resolver_.async_resolve(endpoint_.host, std::to_string(endpoint_.port), use_tuple);
    if (resolve_ec) {
      disarm();
      co_return std::unexpected(failure("resolving " + endpoint_.host, resolve_ec));
    }
    for (const auto& entry : results) targets.push_back(entry.endpoint());
  }

  // The condition stops the walk through the addresses once the deadline or an abort has
  // closed the socket; otherwise the next address would be tried without a deadline.
  auto [connect_ec, connected] = co_await asio::async_connect(
      socket(), targets, [this](const sys_error&, const tcp::endpoint&) { return !timed_out_ && !aborted_; },
      use_tuple);
  (void)connected;
  if (connect_ec) {
    disarm();
    co_return std::unexpected(failure(what, connect_ec));
  }
  socket().set_option(tcp::no_delay(true), ec);  // requests are single writes; don't wait for ACKs
  // Sends are tried at once and fall back to the reactor only when the socket is full.
  socket().non_blocking(true, ec);
  buffer_.reserve(read_chunk);

  if (tls) {
    tls_context_ = std::move(tls);
    tcp::socket plain = std::move(std::get<tcp::socket>(stream_));
    auto& stream = stream_.emplace<tls_stream>(std::move(plain), *tls_context_);
    if (auto prepared = prepare_tls_stream(stream, endpoint_.host, verify_tls); !prepared) {
      disarm();
      close();
      co_return std::unexpected(prepared.error());
    }
    auto [handshake_ec] = co_await stream.async_handshake(asio::ssl::stream_base::client, use_tuple);
    if (handshake_ec) {
      disarm();
      error e = failure("TLS handshake with " + authority_, handshake_ec);
      if (const auto why = tls_verify_failure(stream); !why.empty() && e.code() == error_code::network) {
        e = error(error_code::network, std::string(e.message()) + " (" + why + ")");
      }
      close();
      co_return std::unexpected(std::move(e));
    }
  }
  disarm();
  // The timer may have fired (or an abort come in) after the last step had succeeded.
  if (timed_out_ || aborted_ || !is_open()) co_return std::unexpected(failure(what, asio::error::operation_aborted));
  report_.opened();
  co_return result<void>{};
}

asio::awaitable<exchange_result> connection::exchange(const std::string& wire, bool head,
                                                      std::chrono::milliseconds timeout) {
  // Not a coroutine itself: the exchange's own operation is the caller's next step, and it
  // ends the phase (finished()) on every way out.
  if (auto* tls = std::get_if<tls_stream>(&stream_)) return exchange_tls(*tls, wire, head, timeout);
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(exchange_result)>(
      [this, &wire, head, timeout](exchange_handler done) {
        async_exchange_plain(wire, head, timeout, std::move(done));
      },
      asio::use_awaitable);
}

exchange_result connection::finished(exchange_result out) {
  disarm();
  if (!out.outcome) ddbkit::detail::error_builder(out.outcome.error()).outcome_unknown(out.write_complete);
  if (timed_out_ || aborted_ || !is_open()) out.reusable = false;
  return out;
}

void connection::async_exchange_plain(const std::string& wire, bool head, std::chrono::milliseconds timeout,
                                      exchange_handler done) {
  phase_budget_ = timeout;
  arm(clock::now() + timeout);
  pending_ = exchange_result{};
  reader_.emplace(head);
  buffer_.clear();

  // One non-blocking send; a request the socket cannot take at once is finished through the
  // reactor. Then the answer is read through the reactor (async_read_some), never waited
  // for first: a wait (async_wait) would not look at the socket before queuing, and a
  // response that another thread's reactor saw arrive in between would never wake it. The
  // read's first try is Asio's speculative receive (EAGAIN when the answer is not there
  // yet): one system call per request that keeps the read safe on a multi-threaded context.
  auto& socket = std::get<tcp::socket>(stream_);
  sys_error send_ec;
  const std::size_t sent = socket.send(asio::buffer(wire), 0, send_ec);
  if (send_ec && send_ec != asio::error::would_block) {
    sending_failed(pending_, send_ec);
    return complete_plain(done);
  }
  if (send_ec || sent < wire.size()) return finish_sending(wire, send_ec ? 0 : sent, std::move(done));
  pending_.write_complete = true;
  read_response(std::move(done));
}

void connection::finish_sending(const std::string& wire, std::size_t sent, exchange_handler done) {
  auto slot = asio::get_associated_cancellation_slot(done);
  asio::async_write(std::get<tcp::socket>(stream_), asio::buffer(wire) + sent,
                    asio::bind_cancellation_slot(slot, [self = shared_from_this(), done = std::move(done)](
                                                           const sys_error& ec, std::size_t) mutable {
                      if (ec) {
                        self->sending_failed(self->pending_, ec);
                        return self->complete_plain(done);
                      }
                      self->pending_.write_complete = true;
                      self->read_response(std::move(done));
                    }));
}

void connection::read_response(exchange_handler done) {
  auto slot = asio::get_associated_cancellation_slot(done);
  std::get<tcp::socket>(stream_).async_read_some(
      buffer_.prepare(read_chunk),
      asio::bind_cancellation_slot(slot, [self = shared_from_this(), done = std::move(done)](
                                             const sys_error& ec, std::size_t got) mutable {
        if (self->absorb(*self->reader_, ec, got, self->pending_)) return self->read_response(std::move(done));
        self->complete_plain(done);
      }));
}

void connection::complete_plain(exchange_handler& done) {
  reader_.reset();
  auto out = finished(std::exchange(pending_, exchange_result{}));
  std::move(done)(std::move(out));
}

void connection::sending_failed(exchange_result& out, const sys_error& ec) const {
  out.stale = !aborted_ && !timed_out_ && is_connection_lost(ec);
  out.outcome = std::unexpected(failure("sending the request to " + authority_, ec));
}

bool connection::absorb(response_reader& reader, const sys_error& ec, std::size_t got, exchange_result& out) {
  const bool closed = ec == asio::error::eof || ec == asio::ssl::error::stream_truncated;
  if (closed && reader.finish_at_eof()) {
    out.outcome = reader.take();  // delimited by the close: not reusable
    return false;
  }
  if (ec) {
    out.stale = !aborted_ && !timed_out_ && !reader.got_some() && is_connection_lost(ec);
    out.outcome = std::unexpected(failure("reading the response from " + authority_, ec));
    return false;
  }
  buffer_.commit(got);
  auto done = reader.feed(buffer_);
  if (!done) {
    out.outcome = std::unexpected(std::move(done.error()));
    return false;
  }
  if (!*done) return true;
  // Bytes beyond the response mean the server does not speak the HTTP we expect: retire.
  out.reusable = reader.keep_alive() && buffer_.size() == 0;
  out.outcome = reader.take();
  return false;
}

asio::awaitable<exchange_result> connection::exchange_tls(tls_stream& stream, const std::string& wire, bool head,
                                                          std::chrono::milliseconds timeout) {
  phase_budget_ = timeout;
  arm(clock::now() + timeout);
  exchange_result out;
  response_reader reader(head);
  buffer_.clear();
  auto [write_ec, written] = co_await asio::async_write(stream, asio::buffer(wire), use_tuple);
  (void)written;
  if (write_ec) {
    sending_failed(out, write_ec);
    co_return finished(std::move(out));
  }
  out.write_complete = true;
  for (bool more = true; more;) {
    auto [read_ec, got] = co_await stream.async_read_some(buffer_.prepare(read_chunk), use_tuple);
    more = absorb(reader, read_ec, got, out);
  }
  co_return finished(std::move(out));
}

bool connection::idle_alive(std::chrono::milliseconds check_after) noexcept {
  auto& s = socket();
  if (!s.is_open()) return false;
  if (clock::now() - idle_since_ < check_after) return true;  // recently busy: trust it
  char probe = 0;
  const auto n = ::recv(s.native_handle(), &probe, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;  // quiet: alive
  if (n <= 0) return false;                                             // EOF or reset
  // Unread bytes. Over TLS they are most likely a post-handshake message (a TLS 1.3 session
  // ticket) the next read consumes; plain HTTP has no business sending anything unasked.
  return std::holds_alternative<tls_stream>(stream_);
}

}  // namespace ddbkit::http::detail

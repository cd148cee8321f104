#include "http/connection.hpp"

#include "error_builder.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <vector>

namespace ddbkit::http::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using sys_error = boost::system::error_code;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
// DynamoDB's largest responses (BatchGetItem, Query pages) stay under 16 MB; the limit only
// stops a broken or hostile server from making the client buffer without bound.
constexpr std::uint64_t max_body_bytes = 64ull * 1024 * 1024;
constexpr std::uint32_t max_header_bytes = 64 * 1024;

std::string make_authority(const endpoint& ep) {
  return (ep.host.contains(':') ? "[" + ep.host + "]" : ep.host) + ":" + std::to_string(ep.port);
}

// The ways a connection the server already closed shows itself on first use.
bool is_connection_lost(const sys_error& ec) {
  return ec == asio::error::eof || ec == beast::http::error::end_of_stream || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted ||
         ec == asio::ssl::error::stream_truncated;
}

}  // namespace

connection::connection(client_strand strand, endpoint ep)
    : endpoint_(std::move(ep)),
      authority_(make_authority(endpoint_)),
      resolver_(strand),
      stream_(std::in_place_index<0>, strand),
      timer_(strand) {}

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
  if (!s.is_open()) return;
  s.shutdown(tcp::socket::shutdown_both, ignored);
  s.close(ignored);
}

void connection::abort() noexcept {
  aborted_ = true;
  resolver_.cancel();
  disarm();
  close();
}

void connection::arm(clock::time_point deadline) {
  timed_out_ = false;
  timer_.expires_at(deadline);
  // weak: an idle connection must not be kept alive by its (cancelled) timer.
  timer_.async_wait([weak = weak_from_this(), generation = ++timer_generation_](const sys_error& ec) {
    auto self = weak.lock();
    if (!self || ec || generation != self->timer_generation_) return;
    self->timed_out_ = true;
    self->resolver_.cancel();
    self->close();
  });
}

void connection::disarm() noexcept {
  ++timer_generation_;
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
  co_return result<void>{};
}

asio::awaitable<exchange_result> connection::exchange(const std::string& wire, bool head,
                                                      std::chrono::milliseconds timeout) {
  phase_budget_ = timeout;
  arm(clock::now() + timeout);
  exchange_result out;
  if (auto* tls = std::get_if<tls_stream>(&stream_)) {
    out = co_await exchange_on(*tls, wire, head);
  } else {
    out = co_await exchange_on(std::get<tcp::socket>(stream_), wire, head);
  }
  disarm();
  if (!out.outcome) ddbkit::detail::error_builder(out.outcome.error()).outcome_unknown(out.write_complete);
  if (timed_out_ || aborted_ || !is_open()) out.reusable = false;
  co_return out;
}

template <class Stream>
asio::awaitable<exchange_result> connection::exchange_on(Stream& stream, const std::string& wire, bool head) {
  exchange_result out;
  auto [write_ec, written] = co_await asio::async_write(stream, asio::buffer(wire), use_tuple);
  (void)written;
  if (write_ec) {
    out.stale = !aborted_ && !timed_out_ && is_connection_lost(write_ec);
    out.outcome = std::unexpected(failure("sending the request to " + authority_, write_ec));
    co_return out;
  }
  out.write_complete = true;

  beast::flat_buffer buffer;
  beast::http::response_parser<beast::http::string_body> parser;
  parser.header_limit(max_header_bytes);
  parser.body_limit(max_body_bytes);
  parser.skip(head);
  auto [read_ec, read] = co_await beast::http::async_read(stream, buffer, parser, use_tuple);
  (void)read;
  if (read_ec) {
    out.stale = !aborted_ && !timed_out_ && !parser.got_some() && buffer.size() == 0 && is_connection_lost(read_ec);
    out.outcome = std::unexpected(failure("reading the response from " + authority_, read_ec));
    co_return out;
  }

  auto message = parser.release();
  response res;
  res.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    res.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  res.body = std::move(message.body());
  // Bytes beyond the response mean the server does not speak the HTTP we expect: retire.
  out.reusable = message.keep_alive() && buffer.size() == 0;
  out.outcome = std::move(res);
  co_return out;
}

bool connection::idle_alive() noexcept {
  auto& s = socket();
  if (!s.is_open()) return false;
  sys_error ec;
  s.non_blocking(true, ec);
  if (ec) return false;
  char probe = 0;
  s.receive(asio::buffer(&probe, 1), tcp::socket::message_peek, ec);
  sys_error ignored;
  s.non_blocking(false, ignored);
  if (ec == asio::error::would_block || ec == asio::error::try_again) return true;  // quiet: alive
  if (ec) return false;                                                            // EOF or reset
  // Unread bytes. Over TLS they are most likely a post-handshake message (a TLS 1.3 session
  // ticket) the next read consumes; plain HTTP has no business sending anything unasked.
  return std::holds_alternative<tls_stream>(stream_);
}

}  // namespace ddbkit::http::detail

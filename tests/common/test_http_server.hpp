#pragma once
// A scripted HTTP/1.1 server on 127.0.0.1 for the HTTP layer's tests: each request is
// answered by a test-supplied function that can also delay, close or drop the connection.
#include "common/test_certificates.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace ddbkit::testing {

/// A request as the server received it.
struct server_request {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::size_t connection = 0;  ///< 1-based number of the connection it came on
  std::size_t index = 0;       ///< 0-based position among that connection's requests

  /// The first header named `name` (case-sensitive, as the test wrote it), or empty.
  std::string header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
      if (n == name) return v;
    }
    return {};
  }
};

/// What to answer, and what to do to the connection.
struct server_reply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};  ///< wait this long before answering
  bool connection_close = false;       ///< send "Connection: close", then close
  bool close_after = false;            ///< close after answering, without saying so
  bool drop_before_response = false;   ///< close instead of answering
  bool drop_mid_response = false;      ///< send the head and half the body, then close
  bool http_1_0 = false;               ///< answer as HTTP/1.0 (no keep-alive), then close
};

// GCC 12 reports Asio's coroutine frame allocation (aligned_alloc, freed by the frame's own
// operator delete) as mismatched once it inlines both; a known false positive.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

/// Listens on 127.0.0.1, an ephemeral port, plain or TLS (with `pki`'s server certificate).
/// Runs its own thread; the handler is called on it, one request at a time.
/// Thread safety: the counters and close_idle_connections() may be used from any thread.
class test_http_server {
 public:
  using handler = std::function<server_reply(const server_request&)>;
  /// The largest request body it reads (a larger one ends the connection).
  static constexpr std::uint64_t max_request_body = 32ull << 20;

  explicit test_http_server(handler h, const test_pki* pki = nullptr) : handler_(std::move(h)) {
    if (pki != nullptr) {
      tls_.emplace(boost::asio::ssl::context::tls_server);
      tls_->use_certificate_chain(boost::asio::buffer(pki->server_cert_pem()));
      tls_->use_private_key(boost::asio::buffer(pki->server_key_pem()), boost::asio::ssl::context::pem);
    }
    const tcp::endpoint local(boost::asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(local.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(local);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    boost::asio::co_spawn(ioc_, accept_loop(), boost::asio::detached);
    thread_ = std::thread([this] { ioc_.run(); });
  }

  ~test_http_server() {
    ioc_.stop();
    thread_.join();
  }
  test_http_server(const test_http_server&) = delete;
  test_http_server& operator=(const test_http_server&) = delete;

  std::uint16_t port() const { return port_; }
  /// "http://host:port" or "https://host:port".
  std::string url(const std::string& host = "127.0.0.1") const {
    return (tls_ ? "https://" : "http://") + host + ":" + std::to_string(port_);
  }

  /// Makes the connections accepted from now on take at most about `bytes` unread at a time
  /// (SO_RCVBUF, inherited from the listening socket): a client then cannot hand a large
  /// request to the kernel in one send.
  void limit_receive_buffer(int bytes) { acceptor_.set_option(tcp::socket::receive_buffer_size(bytes)); }

  std::size_t connections_accepted() const { return accepted_.load(); }
  std::size_t open_connections() const { return open_.load(); }
  std::size_t max_open_connections() const { return max_open_.load(); }
  std::size_t requests() const { return requests_.load(); }

  /// Closes every connection that is waiting for its next request, as a server's keep-alive
  /// timeout would. Returns, once they are closed, how many there were. A connection whose
  /// response is still being written is not idle yet: poll until the count is what you need.
  std::size_t close_idle_connections() { return end_idle_connections(false); }

  /// As close_idle_connections(), with a reset (RST) instead of an orderly close: the
  /// client's next send on such a connection fails at once.
  std::size_t reset_idle_connections() { return end_idle_connections(true); }

 private:
  using tcp = boost::asio::ip::tcp;
  using tls_stream = boost::asio::ssl::stream<tcp::socket>;
  static constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

  struct session_info {
    tcp::socket* socket = nullptr;
    bool idle = true;
  };

  std::size_t end_idle_connections(bool reset) {
    std::promise<std::size_t> done;
    boost::asio::post(ioc_, [&] {
      std::size_t closed = 0;
      for (auto& [id, s] : sessions_) {
        if (s.idle && s.socket->is_open()) {
          boost::system::error_code ignored;
          if (reset) s.socket->set_option(tcp::socket::linger(true, 0), ignored);
          if (reset) s.socket->close(ignored);
          else close_socket(*s.socket);
          ++closed;
        }
      }
      done.set_value(closed);
    });
    return done.get_future().get();
  }

  static tcp::socket& lowest(tcp::socket& s) { return s; }
  static tcp::socket& lowest(tls_stream& s) { return s.next_layer(); }
  static void close_socket(tcp::socket& s) {
    boost::system::error_code ignored;
    s.shutdown(tcp::socket::shutdown_both, ignored);
    s.close(ignored);
  }

  static std::string format(const server_reply& r) {
    std::string out = std::string(r.http_1_0 ? "HTTP/1.0 " : "HTTP/1.1 ") + std::to_string(r.status) + " Scripted\r\n";
    for (const auto& [n, v] : r.headers) out += n + ": " + v + "\r\n";
    if (r.connection_close) out += "Connection: close\r\n";
    out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n\r\n";
    return out + r.body;
  }

  boost::asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(use_tuple);
      if (ec == boost::asio::error::operation_aborted) co_return;
      if (ec) continue;
      const std::size_t id = ++accepted_;
      const std::size_t open = ++open_;
      if (open > max_open_) max_open_ = open;  // only this thread writes
      if (tls_) {
        boost::asio::co_spawn(ioc_, serve(tls_stream(std::move(socket), *tls_), id), boost::asio::detached);
      } else {
        boost::asio::co_spawn(ioc_, serve(std::move(socket), id), boost::asio::detached);
      }
    }
  }

  template <class Stream>
  boost::asio::awaitable<void> serve(Stream stream, std::size_t id) {
    namespace http = boost::beast::http;
    // Runs when the session ends, also when the io_context is destroyed with it suspended.
    struct session_end {
      test_http_server* server;
      std::size_t id;
      ~session_end() {
        server->sessions_.erase(id);
        --server->open_;
      }
    } end{this, id};
    auto& info = sessions_[id];
    info.socket = &lowest(stream);

    if constexpr (std::is_same_v<Stream, tls_stream>) {
      auto [ec] = co_await stream.async_handshake(boost::asio::ssl::stream_base::server, use_tuple);
      if (ec) co_return;  // e.g. the client refused the certificate
    }
    boost::beast::flat_buffer buffer;
    for (std::size_t index = 0;; ++index) {
      info.idle = true;
      http::request_parser<http::string_body> parser;
      parser.body_limit(max_request_body);
      auto [read_ec, read] = co_await http::async_read(stream, buffer, parser, use_tuple);
      info.idle = false;
      if (read_ec) break;
      const auto req = parser.release();
      ++requests_;
      server_request sr{std::string(req.method_string()), std::string(req.target()), {}, req.body(), id, index};
      for (const auto& f : req) sr.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
      const server_reply reply = handler_(sr);
      if (reply.delay.count() > 0) {
        boost::asio::steady_timer timer(ioc_, reply.delay);
        co_await timer.async_wait(use_tuple);
      }
      if (reply.drop_before_response) break;
      std::string wire = format(reply);
      if (reply.drop_mid_response) wire.resize(wire.size() - reply.body.size() / 2 - 1);
      auto [write_ec, written] = co_await boost::asio::async_write(stream, boost::asio::buffer(wire), use_tuple);
      if (write_ec || reply.drop_mid_response || reply.connection_close || reply.close_after || reply.http_1_0 ||
          !req.keep_alive()) {
        break;
      }
    }
    close_socket(lowest(stream));
  }

  // Declared before ioc_: coroutine frames that ioc_ destroys still touch them.
  handler handler_;
  std::atomic<std::size_t> accepted_{0};
  std::atomic<std::size_t> open_{0};
  std::atomic<std::size_t> max_open_{0};
  std::atomic<std::size_t> requests_{0};
  std::map<std::size_t, session_info> sessions_;  ///< server thread only
  std::optional<boost::asio::ssl::context> tls_;
  boost::asio::io_context ioc_;
  tcp::acceptor acceptor_{ioc_};
  std::uint16_t port_ = 0;
  std::thread thread_;
};

#pragma GCC diagnostic pop

}  // namespace ddbkit::testing

#include <ddbkit/testkit/tls_front.hpp>

#include <ddbkit/http/endpoint.hpp>

#include "async/io_threads.hpp"
#include "async/use_tuple.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <atomic>

namespace ddbkit::testkit {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using tls_stream = asio::ssl::stream<tcp::socket>;

namespace {

using ddbkit::detail::use_tuple;

/// Copies from `from` to `to` until `from` ends, then shuts `to`'s sending side.
template <class From, class To>
asio::awaitable<void> pump(From& from, To& to, std::shared_ptr<void> keep_alive) {
  std::array<char, 16384> buffer;
  for (;;) {
    auto [read_error, n] = co_await from.async_read_some(asio::buffer(buffer), use_tuple);
    if (n > 0) {
      auto [write_error, written] = co_await asio::async_write(to, asio::buffer(buffer.data(), n), use_tuple);
      if (write_error) break;
    }
    if (read_error) break;
  }
  boost::system::error_code ignored;
  if constexpr (std::is_same_v<To, tcp::socket>) {
    to.shutdown(tcp::socket::shutdown_send, ignored);
  } else {
    to.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
    from.shutdown(tcp::socket::shutdown_both, ignored);
  }
  (void)keep_alive;
}

}  // namespace

struct tls_front::impl : std::enable_shared_from_this<impl> {
  ddbkit::detail::io_threads thread{1};
  asio::ssl::context tls{asio::ssl::context::tls_server};
  tcp::acceptor acceptor{thread.context()};
  http::endpoint upstream;
  std::atomic<std::uint64_t> handshakes{0};
  std::uint16_t port = 0;

  asio::awaitable<void> serve(std::shared_ptr<tls_stream> client) {
    auto [handshake_error] = co_await client->async_handshake(asio::ssl::stream_base::server, use_tuple);
    if (handshake_error) co_return;  // the client refused the certificate, or gave up
    ++handshakes;
    auto server = std::make_shared<tcp::socket>(thread.context());
    tcp::resolver resolver(thread.context());
    auto [resolve_error, found] = co_await resolver.async_resolve(upstream.host, std::to_string(upstream.port), use_tuple);
    if (resolve_error) co_return;
    auto [connect_error, ignored] = co_await asio::async_connect(*server, found, use_tuple);
    if (connect_error) co_return;
    auto ex = co_await asio::this_coro::executor;
    asio::co_spawn(ex, pump(*client, *server, client), asio::detached);
    co_await pump(*server, *client, server);
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto client = std::make_shared<tls_stream>(thread.context(), tls);
      auto [ec] = co_await acceptor.async_accept(client->next_layer(), use_tuple);
      if (ec) co_return;  // closed
      asio::co_spawn(thread.context(), serve(std::move(client)), asio::detached);
    }
  }
};

result<tls_front> tls_front::start(tls_front_options options) {
  auto upstream = http::endpoint::parse(options.upstream);
  if (!upstream || upstream->tls()) return fail(error_code::validation, "tls_front: upstream must be http://host:port");
  auto state = std::make_shared<impl>();
  state->upstream = std::move(*upstream);
  boost::system::error_code ec;
  state->tls.use_certificate_chain(asio::buffer(options.certificate_chain_pem), ec);
  if (!ec) state->tls.use_private_key(asio::buffer(options.private_key_pem), asio::ssl::context::pem, ec);
  if (ec) return fail(error_code::validation, "tls_front: certificate or key: " + ec.message());
  const tcp::endpoint local(asio::ip::make_address("127.0.0.1"), options.port);
  state->acceptor.open(local.protocol(), ec);
  if (!ec) state->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) state->acceptor.bind(local, ec);
  if (!ec) state->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(error_code::network, "tls_front: cannot listen on 127.0.0.1:" + std::to_string(options.port) + ": " + ec.message());
  state->port = state->acceptor.local_endpoint().port();
  asio::co_spawn(state->thread.context(), state->accept_loop(), asio::detached);
  return tls_front(std::move(state));
}

tls_front::tls_front(std::shared_ptr<impl> state) : impl_(std::move(state)) {}
tls_front::tls_front(tls_front&&) noexcept = default;
tls_front& tls_front::operator=(tls_front&&) noexcept = default;

tls_front::~tls_front() {
  if (!impl_) return;
  // Everything stops on the front's own thread; then the thread is joined.
  asio::post(impl_->thread.context(), [state = impl_] {
    boost::system::error_code ignored;
    state->acceptor.close(ignored);
  });
  impl_->thread.stop();
  impl_->thread.join();
}

std::uint16_t tls_front::port() const noexcept { return impl_->port; }

std::string tls_front::endpoint(const std::string& host) const {
  return "https://" + host + ":" + std::to_string(impl_->port);
}

std::uint64_t tls_front::handshakes() const noexcept { return impl_->handshakes.load(); }

}  // namespace ddbkit::testkit

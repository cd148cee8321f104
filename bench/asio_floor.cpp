#include "asio_floor.hpp"

#include "async/use_tuple.hpp"
#include "raw_socket.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/write.hpp>

#include <string_view>

namespace ddbkit::bench {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using ddbkit::detail::use_tuple;

asio_connection::asio_connection(asio::io_context& io, const http::endpoint& ep) : socket_(io), buffer_(1 << 16) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address_v4(ep.host, ec);
  if (ec) die("the Asio floor needs an IPv4 endpoint");
  socket_.connect(tcp::endpoint(address, ep.port), ec);
  if (ec) die("connect failed");
  socket_.set_option(tcp::no_delay(true));
  socket_.non_blocking(true);
}

asio::awaitable<bool> asio_connection::exchange(const std::string& wire) {
  // A send on the non-blocking socket first: async_write would complete through the
  // scheduler, which polls epoll once more on the way (5 system calls, not 4).
  boost::system::error_code send_error;
  const std::size_t sent = socket_.send(asio::buffer(wire), 0, send_error);
  if (send_error && send_error != asio::error::would_block) co_return false;
  if (sent < wire.size()) {
    const auto [write_error, written] = co_await asio::async_write(socket_, asio::buffer(wire) + sent, use_tuple);
    if (write_error) co_return false;
  }
  std::size_t have = 0;
  response_end end;
  for (;;) {
    if (have == buffer_.size()) buffer_.resize(buffer_.size() * 2);
    const auto [read_error, n] =
        co_await socket_.async_read_some(asio::buffer(buffer_.data() + have, buffer_.size() - have), use_tuple);
    if (read_error) co_return false;
    have += n;
    const std::string_view got(buffer_.data(), have);
    if (end.complete(got)) co_return response_end::ok(got);
  }
}

}  // namespace ddbkit::bench

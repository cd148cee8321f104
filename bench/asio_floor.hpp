#pragma once
// The floor of an async client built on Boost.Asio: the raw exchange of raw_socket.hpp
// (pre-built signed request bytes, one kept-alive connection, read until Content-Length)
// written as the least an Asio coroutine does: a send on the non-blocking socket (as
// ddbkit's connection does; async_write would cost one more epoll_wait), then
// async_read_some until the response is complete: 4 system calls, as the epoll limit. No
// ddbkit code runs on that path. Its CPU against the epoll limit is what Asio's reactor,
// scheduler and coroutines cost before a client does any work.
#include <ddbkit/http/endpoint.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <string>
#include <vector>

namespace ddbkit::bench {

/// One kept-alive connection to an IPv4 endpoint (TCP_NODELAY), driven by `io`.
class asio_connection {
 public:
  asio_connection(boost::asio::io_context& io, const http::endpoint& ep);

  /// Sends `wire` and reads the whole response; true for HTTP 200.
  boost::asio::awaitable<bool> exchange(const std::string& wire);

 private:
  boost::asio::ip::tcp::socket socket_;
  std::vector<char> buffer_;
};

}  // namespace ddbkit::bench

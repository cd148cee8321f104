#include "http/blocking_connection.hpp"

#include "error_builder.hpp"
#include "http/response_reader.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace ddbkit::http::detail {
namespace {

bool is_connection_lost(int err) {
  return err == ECONNRESET || err == EPIPE || err == ECONNABORTED;
}

struct addrinfo_deleter {
  void operator()(addrinfo* a) const noexcept { freeaddrinfo(a); }
};

/// Connects `fd` to `address` within `timeout`: a non-blocking connect, then poll.
int connect_within(int fd, const sockaddr* address, socklen_t length, std::chrono::milliseconds timeout) {
  const int flags = ::fcntl(fd, F_GETFL, 0);
  ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int err = 0;
  if (::connect(fd, address, length) != 0) {
    err = errno;
    if (err == EINPROGRESS) {
      pollfd p{.fd = fd, .events = POLLOUT, .revents = 0};
      const int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
      if (ready == 0) {
        err = ETIMEDOUT;
      } else if (ready < 0) {
        err = errno;
      } else {
        socklen_t len = sizeof err;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      }
    }
  }
  ::fcntl(fd, F_SETFL, flags);
  return err;
}

}  // namespace

blocking_connection::blocking_connection(endpoint ep, std::shared_ptr<connection_listener> listener)
    : endpoint_(std::move(ep)), authority_(endpoint_.authority()), report_(std::move(listener), endpoint_) {}

blocking_connection::~blocking_connection() { close(); }

void blocking_connection::close() noexcept {
  report_.closed();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

error blocking_connection::failure(std::string_view what, int err) const {
  if (timed_out_) {
    return error(error_code::timeout,
                 std::string(what) + " timed out after " + std::to_string(phase_budget_.count()) + " ms");
  }
  return error(error_code::network, std::string(what) + " failed: " + std::strerror(err));
}

result<void> blocking_connection::connect(std::chrono::milliseconds timeout) {
  phase_budget_ = timeout;
  timed_out_ = false;
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const auto port = std::to_string(endpoint_.port);
  if (const int rc = ::getaddrinfo(endpoint_.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    return fail(error_code::network, "resolving " + endpoint_.host + " failed: " + ::gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, addrinfo_deleter> addresses(found);
  const auto deadline = clock::now() + timeout;
  int err = ECONNREFUSED;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now());
    if (left <= std::chrono::milliseconds(0)) {
      err = ETIMEDOUT;
      break;
    }
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      err = errno;
      continue;
    }
    err = connect_within(fd, a->ai_addr, a->ai_addrlen, left);
    if (err == 0) {
      fd_ = fd;
      break;
    }
    ::close(fd);
  }
  if (fd_ < 0) {
    timed_out_ = err == ETIMEDOUT;
    return std::unexpected(failure("connecting to " + authority_, err));
  }
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // requests are single writes
  buffer_.reserve(read_chunk);
  report_.opened();
  return {};
}

bool blocking_connection::set_timeout(std::chrono::milliseconds timeout) noexcept {
  if (timeout == socket_timeout_) return true;
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  if (tv.tv_sec == 0 && tv.tv_usec == 0) tv.tv_usec = 1000;  // zero would mean "no timeout"
  if (::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
      ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0) {
    return false;
  }
  socket_timeout_ = timeout;
  return true;
}

exchange_result blocking_connection::exchange(const std::string& wire, bool head, std::chrono::milliseconds timeout) {
  exchange_result out;
  phase_budget_ = timeout;
  timed_out_ = false;
  const auto deadline = clock::now() + timeout;
  if (!set_timeout(timeout)) {
    out.outcome = std::unexpected(failure("setting the socket timeout of " + authority_, errno));
    return out;
  }
  for (std::size_t sent = 0; sent < wire.size();) {
    const auto n = ::send(fd_, wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      const int err = errno;
      if (err == EINTR) continue;
      timed_out_ = err == EAGAIN || err == EWOULDBLOCK;
      out.stale = !timed_out_ && sent == 0 && is_connection_lost(err);
      out.outcome = std::unexpected(failure("sending the request to " + authority_, err));
      return out;
    }
    sent += static_cast<std::size_t>(n);
  }
  out.write_complete = true;

  response_reader reader(head);
  buffer_.clear();
  for (;;) {
    auto space = buffer_.prepare(read_chunk);
    const auto n = ::recv(fd_, space.data(), space.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      timed_out_ = err == EAGAIN || err == EWOULDBLOCK;
      out.stale = !timed_out_ && !reader.got_some() && is_connection_lost(err);
      out.outcome = std::unexpected(failure("reading the response from " + authority_, err));
      return out;
    }
    if (n == 0) {
      if (reader.finish_at_eof()) {
        out.outcome = reader.take();  // delimited by the close: not reusable
        return out;
      }
      out.stale = !reader.got_some();
      out.outcome = std::unexpected(error(error_code::network, "reading the response from " + authority_ +
                                                                   " failed: the server closed the connection"));
      return out;
    }
    buffer_.commit(static_cast<std::size_t>(n));
    auto done = reader.feed(buffer_);
    if (!done) {
      out.outcome = std::unexpected(std::move(done.error()));
      return out;
    }
    if (*done) break;
    // A slow trickle must not stretch the exchange beyond its timeout.
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now());
    if (left <= std::chrono::milliseconds(0) || !set_timeout(std::min(left, timeout))) {
      timed_out_ = true;
      out.outcome = std::unexpected(failure("reading the response from " + authority_, ETIMEDOUT));
      return out;
    }
  }
  out.reusable = reader.keep_alive() && buffer_.size() == 0;
  out.outcome = reader.take();
  return out;
}

bool blocking_connection::idle_alive(std::chrono::milliseconds check_after) noexcept {
  if (fd_ < 0) return false;
  if (clock::now() - idle_since_ < check_after) return true;
  char probe = 0;
  const auto n = ::recv(fd_, &probe, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);  // quiet: alive; EOF, reset or bytes: not
}

}  // namespace ddbkit::http::detail

#include "raw_socket.hpp"

#include <ddbkit/auth/sigv4_signer.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ddbkit::bench {

void die(const std::string& what) {
  std::fprintf(stderr, "benchmark: %s\n", what.c_str());
  std::exit(1);
}

cpu_time cpu_used() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return {.user = seconds(u.ru_utime), .system = seconds(u.ru_stime)};
}

double cpu_seconds() { return cpu_used().total(); }

credentials local_credentials() {
  return {.access_key_id = "local", .secret_access_key = secret_string("local"), .session_token = {},
          .expiration = std::nullopt};
}

std::string prebuilt_request(const http::endpoint& ep, std::string_view operation, const std::string& body) {
  const credentials creds = local_credentials();
  const std::string target = "DynamoDB_20120810." + std::string(operation);
  auto sig = sigv4::sign({.method = "POST", .path = "/", .query = {},
                          .headers = {{"content-type", "application/x-amz-json-1.0"}, {"host", ep.host_header()},
                                      {"x-amz-target", target}},
                          .payload = body},
                         creds, {.region = "local", .service = "dynamodb", .time = std::chrono::system_clock::now()});
  return "POST / HTTP/1.1\r\nHost: " + ep.host_header() +
         "\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: " + target +
         "\r\nX-Amz-Date: " + sig.amz_date + "\r\nAuthorization: " + sig.authorization +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

raw_connection::raw_connection(const http::endpoint& ep, wait_style style) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(ep.port);
  if (::inet_pton(AF_INET, ep.host.c_str(), &addr.sin_addr) != 1) die("the ceiling needs an IPv4 endpoint");
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) die("connect failed");
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  buffer_.resize(1 << 16);
  if (style == wait_style::epoll) {
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLET;
    if (epoll_fd_ < 0 || ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd_, &ev) != 0) die("epoll setup failed");
  }
}

raw_connection::~raw_connection() {
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  ::close(fd_);
}

long raw_connection::receive(char* into, std::size_t size) {
  for (;;) {
    const auto n = ::recv(fd_, into, size, 0);
    if (n >= 0 || epoll_fd_ < 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) return n;
    epoll_event ev{};
    if (::epoll_wait(epoll_fd_, &ev, 1, -1) < 0 && errno != EINTR) return -1;
  }
}

bool raw_connection::exchange(const std::string& wire) {
  for (std::size_t sent = 0; sent < wire.size();) {
    const auto n = ::send(fd_, wire.data() + sent, wire.size() - sent, 0);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  std::size_t have = 0;
  response_end end;
  for (;;) {
    if (have == buffer_.size()) buffer_.resize(buffer_.size() * 2);
    const auto n = receive(buffer_.data() + have, buffer_.size() - have);
    if (n <= 0) return false;
    have += static_cast<std::size_t>(n);
    const std::string_view got(buffer_.data(), have);
    if (end.complete(got)) {
      body_begin_ = end.body_begin();
      body_end_ = end.body_end();
      return response_end::ok(got);
    }
  }
}

bool response_end::complete(std::string_view got) {
  if (need_ == 0) {
    const auto end = got.find("\r\n\r\n");
    if (end == std::string_view::npos) return false;
    body_begin_ = end + 4;
    auto at = got.find("ontent-Length:");
    if (at == std::string_view::npos || at > end) at = got.find("ontent-length:");
    if (at != std::string_view::npos && at < end) {
      need_ = body_begin_ + std::strtoull(got.data() + at + 14, nullptr, 10);
    } else if (got.substr(0, end).find("chunked") != std::string_view::npos) {
      chunked_ = true;
      need_ = std::string_view::npos;
    } else {
      die("neither Content-Length nor chunked in the response");
    }
  }
  if (chunked_ && got.ends_with("\r\n0\r\n\r\n")) need_ = got.size();
  return got.size() >= need_;
}

std::string_view raw_connection::last_body() const {
  return std::string_view(buffer_.data() + body_begin_, body_end_ - body_begin_);
}

}  // namespace ddbkit::bench

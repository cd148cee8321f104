#pragma once
// The physical limit the network benchmarks compare with: a blocking POSIX socket that
// sends pre-built, signed request bytes over one kept-alive connection and reads until
// Content-Length. No ddbkit code runs on that path (the bytes are made once, before).
#include <ddbkit/auth/credentials.hpp>
#include <ddbkit/http/endpoint.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ddbkit::bench {

/// Prints "<program>: what" to standard error and exits 1.
[[noreturn]] void die(const std::string& what);

/// CPU seconds used so far by every thread of this process, in user space and in the
/// kernel on its behalf.
struct cpu_time {
  double user = 0;
  double system = 0;
  double total() const { return user + system; }
};
cpu_time cpu_used();

/// cpu_used().total().
double cpu_seconds();

/// DynamoDB Local's dummy credentials ("local"), as client_options::local() has them.
credentials local_credentials();

/// The complete HTTP/1.1 request for `operation` with `body`, signed once with
/// local_credentials() (the signature stays valid 15 minutes).
std::string prebuilt_request(const http::endpoint& ep, std::string_view operation, const std::string& body);

/// How a raw connection waits for the response: in a blocking recv (the limit of any
/// client), or as an event loop must: a non-blocking recv that finds nothing yet, then
/// epoll_wait on the socket (registered once, edge-triggered, as Asio's reactor does), then
/// the recv that reads. The second is the limit of an async client on Linux's epoll.
enum class wait_style { blocking, epoll };

/// Where a response ends in the bytes read so far: Content-Length bytes after the head,
/// or, for a chunked body (large pages), at the empty last chunk (the chunks are left
/// framed: the benchmarks only need the exchange to be complete). One per response.
class response_end {
 public:
  /// Whether `got`, the response's bytes so far, holds the whole response.
  bool complete(std::string_view got);
  /// Once complete: the body's place in `got` (with its chunk framing, when chunked).
  std::size_t body_begin() const { return body_begin_; }
  std::size_t body_end() const { return need_; }
  /// Once complete: the status line says 200.
  static bool ok(std::string_view got) { return got.starts_with("HTTP/1.1 200"); }

 private:
  std::size_t body_begin_ = 0;
  std::size_t need_ = 0;  ///< head + Content-Length, once the head is in
  bool chunked_ = false;
};

/// One kept-alive connection to an IPv4 endpoint (TCP_NODELAY).
class raw_connection {
 public:
  explicit raw_connection(const http::endpoint& ep, wait_style style = wait_style::blocking);
  ~raw_connection();
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;

  /// Sends `wire` and reads the whole response; true for HTTP 200.
  bool exchange(const std::string& wire);
  /// The body of the last response exchange() read (chunk framing left in, when chunked).
  std::string_view last_body() const;

 private:
  /// recv that, with wait_style::epoll, waits in epoll_wait while nothing has arrived.
  long receive(char* into, std::size_t size);

  int fd_ = -1;
  int epoll_fd_ = -1;  ///< wait_style::epoll only
  std::vector<char> buffer_;
  std::size_t body_begin_ = 0;
  std::size_t body_end_ = 0;
};

}  // namespace ddbkit::bench

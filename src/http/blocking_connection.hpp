#pragma once
// Internal: one plain-TCP HTTP/1.1 connection used by the calling thread with blocking
// system calls (the blocking request path: no reactor, no thread hand-off).
#include "http/connection.hpp"

#include <ddbkit/error.hpp>
#include <ddbkit/http/endpoint.hpp>

#include <boost/beast/core/flat_buffer.hpp>

#include <chrono>
#include <string>

namespace ddbkit::http::detail {

/// A kept-alive request costs two system calls: one send, one receive (a response larger
/// than the socket delivers at once, more receives). Timeouts are the socket's own
/// (SO_SNDTIMEO / SO_RCVTIMEO), set again only when the request's timeout differs from
/// the last one; the deadline of the whole exchange is checked between receives.
///
/// Thread safety: none; one thread uses it at a time (the pool hands it out).
class blocking_connection {
 public:
  /// `listener` (may be null) hears of this connection's opening, reuse, release and close.
  explicit blocking_connection(endpoint ep, std::shared_ptr<connection_listener> listener = nullptr);
  ~blocking_connection();
  blocking_connection(const blocking_connection&) = delete;
  blocking_connection& operator=(const blocking_connection&) = delete;

  const endpoint& target() const noexcept { return endpoint_; }

  /// Resolves and connects within `timeout`. Errors as connection::connect.
  result<void> connect(std::chrono::milliseconds timeout);

  /// Writes `wire` and reads the complete response within `timeout`.
  exchange_result exchange(const std::string& wire, bool head, std::chrono::milliseconds timeout);

  bool is_open() const noexcept { return fd_ >= 0; }
  void close() noexcept;
  /// As connection::idle_alive.
  bool idle_alive(std::chrono::milliseconds check_after) noexcept;
  clock::time_point idle_since() const noexcept { return idle_since_; }
  /// The pool's bookkeeping: idle (pooled) or handed to a request.
  void mark_idle() noexcept {
    idle_since_ = clock::now();
    report_.idle();
  }
  void mark_busy() noexcept { report_.busy(); }

 private:
  bool set_timeout(std::chrono::milliseconds timeout) noexcept;
  error failure(std::string_view what, int err) const;

  endpoint endpoint_;
  std::string authority_;
  int fd_ = -1;
  std::chrono::milliseconds socket_timeout_{-1};  ///< what SO_RCVTIMEO/SO_SNDTIMEO hold now
  std::chrono::milliseconds phase_budget_{0};
  bool timed_out_ = false;
  boost::beast::flat_buffer buffer_;
  clock::time_point idle_since_ = clock::now();
  connection_report report_;  ///< after endpoint_, which it reads
};

}  // namespace ddbkit::http::detail

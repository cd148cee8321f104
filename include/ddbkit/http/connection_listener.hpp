#pragma once
// What the HTTP client tells about its keep-alive connections (for metrics and logs).
#include <string_view>

namespace ddbkit::http {

/// A change of one connection's state. A connection is busy from `opened` or `reused`
/// until `released` (back in the pool, idle) or `closed_busy`; idle from `released` until
/// `reused` or `closed_idle`. So busy = opened + reused - released - closed_busy, and
/// idle = released - reused - closed_idle, at any moment. A connection that never got
/// connected is never reported.
enum class connection_event {
  opened,       ///< connected (TCP, and TLS for HTTPS), carrying its first request
  reused,       ///< an idle pooled connection taken for another request
  released,     ///< back in the pool after a request, idle
  closed_idle,  ///< closed while idle: idle timeout, closed by the server, pool full or closed
  closed_busy,  ///< closed with its request: `Connection: close`, an error, a timeout, a cancel
};
std::string_view to_string(connection_event event) noexcept;

/// Receives the connection events of an http_client (see its constructor).
///
/// Thread safety: called from the client's I/O threads and, for blocking sends, from the
/// calling threads, possibly at once: implementations must be thread-safe, must not throw
/// and must be quick (they run on the request path).
class connection_listener {
 public:
  virtual ~connection_listener() = default;
  /// `endpoint` is the endpoint's URL (scheme://host:port); valid only during the call.
  virtual void on_connection(std::string_view endpoint, connection_event event) noexcept = 0;
};

}  // namespace ddbkit::http

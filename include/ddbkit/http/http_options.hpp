#pragma once
#include <chrono>
#include <cstddef>
#include <string>

namespace ddbkit::http {

/// Settings of the HTTP client. An aggregate: set what you need, keep the rest.
struct http_options {
  /// Time to resolve, connect and (for HTTPS) finish the TLS handshake.
  std::chrono::milliseconds connect_timeout{3000};
  /// Time for one request: from handing it over until the whole response is read.
  std::chrono::milliseconds request_timeout{30000};
  /// Idle keep-alive connections older than this are closed rather than reused.
  std::chrono::milliseconds idle_timeout{50000};
  /// An idle connection is checked for a close by the server (one non-blocking peek)
  /// before reuse only when it has been idle this long: back-to-back requests pay no
  /// system call for it, and a server closes idle connections only after seconds.
  std::chrono::milliseconds validate_after_inactivity{2000};
  /// Most connections (idle + busy) to one endpoint; requests beyond it wait in order.
  std::size_t max_connections_per_endpoint = 50;
  /// Verify the server's certificate chain and host name (never turn off in production).
  /// Nothing turns it off but this field; a client with it off says so once on standard
  /// error, at its first HTTPS connection.
  bool verify_tls = true;
  /// Extra trust anchors (PEM file) besides the system's CA store; empty for none.
  std::string ca_file;
};

}  // namespace ddbkit::http

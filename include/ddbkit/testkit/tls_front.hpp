#pragma once
// A TLS front for tests: terminates HTTPS on 127.0.0.1 with a certificate the test made and
// passes the bytes to a plain-HTTP upstream (DynamoDB Local, which speaks no TLS), so the
// client's whole HTTPS path — handshake, verification, keep-alive — runs against the real
// server.
#include <ddbkit/error.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace ddbkit::testkit {

struct tls_front_options {
  /// Where the decrypted bytes go, e.g. "http://127.0.0.1:8000".
  std::string upstream;
  /// The server's certificate chain (leaf first) and its private key, PEM.
  std::string certificate_chain_pem;
  std::string private_key_pem;
  /// Port to listen on (127.0.0.1); 0 for an ephemeral one.
  std::uint16_t port = 0;
};

/// Each accepted connection gets its TLS handshake (TLS 1.2 or 1.3) and one upstream TCP
/// connection; bytes are copied both ways until either side closes. A handshake the client
/// aborts (a certificate it refused) just ends that connection. Runs on a thread of its
/// own; destroying the front closes everything and joins it.
/// Thread safety: the members may be called from any thread.
class tls_front {
 public:
  /// Errors: `validation` (an upstream that is not http://host:port, a certificate or key
  /// that does not load), `network` (the port cannot be bound).
  static result<tls_front> start(tls_front_options options);

  tls_front(tls_front&&) noexcept;
  tls_front& operator=(tls_front&&) noexcept;
  ~tls_front();

  std::uint16_t port() const noexcept;
  /// "https://HOST:<port>": the name the client connects by (and must find in the certificate).
  std::string endpoint(const std::string& host = "127.0.0.1") const;
  /// Connections whose handshake completed.
  std::uint64_t handshakes() const noexcept;

  struct impl;
  explicit tls_front(std::shared_ptr<impl> state);

 private:
  std::shared_ptr<impl> impl_;
};

}  // namespace ddbkit::testkit

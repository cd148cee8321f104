#pragma once
// Internal: the client's TLS configuration (trust anchors, protocol floor) and the
// per-connection settings (SNI, host-name verification).
#include <ddbkit/error.hpp>
#include <ddbkit/http/http_options.hpp>

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>
#include <string>

namespace ddbkit::http::detail {

using tls_stream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

/// A TLS 1.2+ client context that trusts the system CA store plus `options.ca_file` and, when
/// `options.verify_tls`, verifies peers. A `ca_file` that cannot be loaded is a
/// `validation` error naming "http_options.ca_file"; a missing system store is not an error
/// (a ca_file may be all the trust that is wanted).
///
/// Thread safety: the returned context is only read after creation; streams created from it
/// on any thread share it safely. It must outlive every stream made from it.
result<std::shared_ptr<boost::asio::ssl::context>> make_tls_context(const http_options& options);

/// Sets SNI (names only, never IP literals, as RFC 6066 demands) and, when `verify`, the name
/// or IP address the certificate must carry. Call before the handshake.
result<void> prepare_tls_stream(tls_stream& stream, const std::string& host, bool verify);

/// Why a handshake failed, for error messages: the OpenSSL verification result when the
/// certificate was refused (e.g. "hostname mismatch"), else empty.
std::string tls_verify_failure(tls_stream& stream);

}  // namespace ddbkit::http::detail

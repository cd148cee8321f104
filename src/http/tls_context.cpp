#include "http/tls_context.hpp"

#include <boost/asio/ip/address.hpp>

#include <iostream>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace ddbkit::http::detail {

namespace ssl = boost::asio::ssl;

result<std::shared_ptr<ssl::context>> make_tls_context(const http_options& options) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  // Failure only means there is no system store here; ca_file may still supply trust.
  ctx->set_default_verify_paths(ec);
  if (!options.ca_file.empty()) {
    ctx->load_verify_file(options.ca_file, ec);
    if (ec) {
      return std::unexpected(
          error::validation("http_options.ca_file", "cannot load CA file " + options.ca_file + ": " + ec.message()));
    }
  }
  ctx->set_verify_mode(options.verify_tls ? ssl::verify_peer : ssl::verify_none);
  if (!options.verify_tls) {
    // Off only when the caller set it so; said once per client (this runs on its first
    // HTTPS connection), on standard error, where whoever runs the program sees it.
    std::cerr << "ddbkit: TLS certificate verification is OFF (http_options::verify_tls = false): any "
                 "certificate is accepted on https endpoints; never do this in production\n";
  }
  return ctx;
}

result<void> prepare_tls_stream(tls_stream& stream, const std::string& host, bool verify) {
  SSL* ssl_handle = stream.native_handle();
  boost::system::error_code ec;
  const bool is_ip = (boost::asio::ip::make_address(host, ec), !ec);
  if (!is_ip && SSL_set_tlsext_host_name(ssl_handle, host.c_str()) != 1) {
    return fail(error_code::network, "cannot set TLS server name " + host);
  }
  if (!verify) {
    stream.set_verify_mode(ssl::verify_none);
    return {};
  }
  stream.set_verify_mode(ssl::verify_peer);
  // OpenSSL's own check (rather than an Asio verify callback) so a mismatch is reported
  // as X509_V_ERR_HOSTNAME_MISMATCH / IP_ADDRESS_MISMATCH, which tls_verify_failure() shows.
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl_handle);
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  const int ok = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                       : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
  if (ok != 1) return fail(error_code::network, "cannot set the TLS host name to verify: " + host);
  return {};
}

std::string tls_verify_failure(tls_stream& stream) {
  const long verify = SSL_get_verify_result(stream.native_handle());
  if (verify == X509_V_OK) return {};
  return X509_verify_cert_error_string(verify);
}

}  // namespace ddbkit::http::detail

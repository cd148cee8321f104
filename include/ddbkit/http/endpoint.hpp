#pragma once
#include <ddbkit/error.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace ddbkit::http {

/// Where requests go: scheme, host and port, parsed from a URL such as
/// "https://dynamodb.eu-west-1.amazonaws.com" or "http://127.0.0.1:8000".
struct endpoint {
  std::string scheme = "https";  ///< "http" or "https"
  std::string host;              ///< host name or IP literal (IPv6 without brackets)
  std::uint16_t port = 443;

  /// `validation` error for anything but an absolute http(s) URL with a host and no
  /// path beyond "/".
  static result<endpoint> parse(std::string_view url);

  bool tls() const noexcept { return scheme == "https"; }
  /// The Host header: host, plus ":port" when it is not the scheme's default.
  std::string host_header() const;
  /// The URL again, e.g. "http://127.0.0.1:8000".
  std::string url() const;
  /// "host:port" with the port always written and IPv6 in brackets, for messages.
  std::string authority() const;

  friend bool operator==(const endpoint&, const endpoint&) = default;
};

}  // namespace ddbkit::http

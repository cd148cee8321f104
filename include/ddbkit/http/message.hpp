#pragma once
// Plain HTTP request and response values, independent of the transport that carries them.
#include <string>
#include <string_view>
#include <vector>

namespace ddbkit::http {

struct header {
  std::string name;
  std::string value;
  friend bool operator==(const header&, const header&) = default;
};

struct request {
  std::string method = "POST";
  std::string target = "/";      ///< path and query, e.g. "/"
  std::vector<header> headers;   ///< Host and Content-Length are added by the transport
  std::string body;

  /// The value of the first header named `name` (case-insensitive), or empty.
  std::string_view header_value(std::string_view name) const noexcept;
};

struct response {
  int status = 0;
  std::vector<header> headers;
  std::string body;

  /// The value of the first header named `name` (case-insensitive), or empty.
  std::string_view header_value(std::string_view name) const noexcept;
};

}  // namespace ddbkit::http

#include <ddbkit/http/endpoint.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>

namespace ddbkit::http {

namespace {

std::string to_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

std::uint16_t default_port(std::string_view scheme) noexcept { return scheme == "https" ? 443 : 80; }

std::unexpected<error> invalid(std::string message) {
  return std::unexpected(error::validation("endpoint", std::move(message)));
}

}  // namespace

result<endpoint> endpoint::parse(std::string_view url) {
  // The URL itself is echoed in messages: endpoints hold no secrets (userinfo is refused).
  const std::string quoted = "\"" + std::string(url) + "\"";
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return invalid(quoted + " is not an absolute URL");
  const boost::urls::url_view& u = *parsed;

  endpoint ep;
  ep.scheme = to_lower(u.scheme());
  if (ep.scheme != "http" && ep.scheme != "https") {
    return invalid(quoted + ": scheme must be http or https");
  }
  if (!u.has_authority() || u.encoded_host().empty()) return invalid(quoted + " has no host");
  if (u.has_userinfo()) return invalid("endpoint URLs must not carry user information");
  if (u.has_query() || u.has_fragment()) return invalid(quoted + " must not have a query or fragment");
  if (!u.encoded_path().empty() && u.encoded_path() != "/") {
    return invalid(quoted + " must not have a path");
  }

  switch (u.host_type()) {
    case boost::urls::host_type::ipv6:
      ep.host = to_lower(u.encoded_host_address());  // without the brackets
      break;
    case boost::urls::host_type::ipv4:
    case boost::urls::host_type::name:
      if (u.encoded_host().contains('%')) return invalid(quoted + ": percent-encoded host names are not supported");
      ep.host = to_lower(u.encoded_host());  // DNS names are case-insensitive; one spelling per pool
      break;
    default:
      return invalid(quoted + ": unsupported host form");
  }

  ep.port = default_port(ep.scheme);
  if (u.has_port()) {
    const auto port = u.port();
    if (port.empty() || port.size() > 5 || u.port_number() == 0) {
      return invalid(quoted + ": port must be a number from 1 to 65535");
    }
    ep.port = u.port_number();
  }
  return ep;
}

std::string endpoint::host_header() const {
  std::string out = host.contains(':') ? "[" + host + "]" : host;
  if (port != default_port(scheme)) out += ":" + std::to_string(port);
  return out;
}

std::string endpoint::url() const { return scheme + "://" + host_header(); }

std::string endpoint::authority() const {
  return (host.contains(':') ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace ddbkit::http

#include <ddbkit/credentials/container_credentials.hpp>

#include "auth/credentials_json.hpp"
#include "credentials/service_call.hpp"

#include <boost/asio/ip/address.hpp>

namespace ddbkit {
namespace {

namespace asio = boost::asio;

constexpr std::string_view ecs_host = "http://169.254.170.2";

/// Plain HTTP carries the credentials in clear text: only to the host itself or the
/// container agent's link-local addresses, as the AWS SDKs allow.
bool allowed_plain_http_host(const std::string& host) {
  if (host == "localhost" || host == "169.254.170.2" || host == "169.254.170.23" || host == "fd00:ec2::23") return true;
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

/// "scheme://host[:port]" and the rest ("/path?query", at least "/").
std::pair<std::string, std::string> split_url(const std::string& url) {
  const auto scheme_end = url.find("://");
  const auto path_at = scheme_end == std::string::npos ? std::string::npos : url.find('/', scheme_end + 3);
  if (path_at == std::string::npos) return {url, "/"};
  return {url.substr(0, path_at), url.substr(path_at)};
}

asio::awaitable<result<credentials>> fetch_container(credentials_network net, container_settings settings) {
  auto [origin, target] = split_url(settings.url);
  auto ep = http::endpoint::parse(origin);
  if (!ep) co_return fail(error_code::credentials, "container credentials: bad URL");
  http::request req;
  req.method = "GET";
  req.target = std::move(target);
  req.headers.push_back({"Accept", "application/json"});
  std::string token = settings.authorization_token;
  if (!settings.authorization_token_file.empty()) {
    auto from_file = detail::read_token_file(settings.authorization_token_file, "container authorization token file");
    if (!from_file) co_return std::unexpected(from_file.error());
    token = std::move(*from_file);
  }
  if (!token.empty()) req.headers.push_back({"Authorization", std::move(token)});

  auto response = co_await detail::send_with_deadline(net, *ep, std::move(req), settings.timeout);
  if (!response) {
    co_return fail(error_code::credentials, "container credentials: " + std::string(response.error().message()));
  }
  if (response->status != 200) co_return std::unexpected(detail::http_status_error("container credentials", response->status));
  co_return detail::parse_credentials_json(response->body,
                                           {.source = "container credentials", .token_field = "Token"});
}

}  // namespace

result<std::optional<container_settings>> container_settings_from_env(const environment& env) {
  container_settings settings;
  auto relative = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  auto full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (relative && !relative->empty()) {
    settings.url = std::string(ecs_host) + (relative->starts_with("/") ? "" : "/") + *relative;
  } else if (full && !full->empty()) {
    auto ep = http::endpoint::parse(split_url(*full).first);
    if (!ep) {
      return fail(error_code::credentials, "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http(s) URL");
    }
    if (!ep->tls() && !allowed_plain_http_host(ep->host)) {
      return fail(error_code::credentials,
                  "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http to a loopback address, "
                  "169.254.170.2 or 169.254.170.23; refusing host " + ep->host);
    }
    settings.url = *full;
  } else {
    return std::optional<container_settings>();
  }
  settings.authorization_token_file = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE").value_or("");
  settings.authorization_token = env("AWS_CONTAINER_AUTHORIZATION_TOKEN").value_or("");
  return std::optional<container_settings>(std::move(settings));
}

std::shared_ptr<credentials_provider> make_container_provider(credentials_network net, container_settings settings) {
  return detail::cached_fetch(net, [net, settings = std::move(settings)] { return fetch_container(net, settings); });
}

}  // namespace ddbkit

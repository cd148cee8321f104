#include <ddbkit/credentials/imds_credentials.hpp>

#include "auth/credentials_json.hpp"
#include "credentials/service_call.hpp"

namespace ddbkit {
namespace {

namespace asio = boost::asio;

constexpr std::string_view credentials_path = "/latest/meta-data/iam/security-credentials/";

asio::awaitable<result<http::response>> imds_request(const credentials_network& net, const http::endpoint& ep,
                                                     const imds_settings& settings, std::string method,
                                                     std::string target, http::header header,
                                                     std::string_view step) {
  http::request req;
  req.method = std::move(method);
  req.target = std::move(target);
  req.headers.push_back(std::move(header));
  auto response = co_await detail::send_with_deadline(net, ep, std::move(req), settings.timeout);
  if (!response) {
    co_return fail(error_code::credentials, "IMDS " + std::string(step) + ": " + std::string(response.error().message()));
  }
  if (response->status != 200) {
    co_return std::unexpected(detail::http_status_error("IMDS " + std::string(step), response->status));
  }
  co_return response;
}

asio::awaitable<result<credentials>> fetch_imds(credentials_network net, imds_settings settings) {
  auto ep = http::endpoint::parse(settings.endpoint);
  if (!ep) co_return fail(error_code::credentials, "IMDS endpoint: " + std::string(ep.error().message()));

  http::header ttl{"X-aws-ec2-metadata-token-ttl-seconds", "21600"};
  auto token = co_await imds_request(net, *ep, settings, "PUT", "/latest/api/token", std::move(ttl), "token");
  if (!token) co_return std::unexpected(token.error());
  const std::string session = std::move(token->body);

  http::header auth{"X-aws-ec2-metadata-token", session};
  auto roles = co_await imds_request(net, *ep, settings, "GET", std::string(credentials_path), std::move(auth),
                                     "role name");
  if (!roles) co_return std::unexpected(roles.error());
  std::string role = roles->body.substr(0, roles->body.find_first_of("\r\n"));
  while (!role.empty() && role.back() == ' ') role.pop_back();
  if (role.empty()) co_return fail(error_code::credentials, "IMDS: the instance has no IAM role");

  http::header auth_again{"X-aws-ec2-metadata-token", session};
  auto answer = co_await imds_request(net, *ep, settings, "GET", std::string(credentials_path) + role,
                                      std::move(auth_again), "role credentials");
  if (!answer) co_return std::unexpected(answer.error());
  co_return detail::parse_credentials_json(
      answer->body, {.source = "IMDS", .token_field = "Token", .require_version_1 = false, .require_code_success = true});
}

}  // namespace

std::shared_ptr<credentials_provider> make_imds_provider(credentials_network net, imds_settings settings) {
  return detail::cached_fetch(net, [net, settings = std::move(settings)] { return fetch_imds(net, settings); });
}

}  // namespace ddbkit

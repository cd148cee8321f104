#include <ddbkit/credentials/sts_credentials.hpp>

#include <ddbkit/auth/sigv4_signer.hpp>

#include "auth/iso8601.hpp"
#include "credentials/credential_responses.hpp"
#include "credentials/service_call.hpp"
#include "credentials/xml_text.hpp"
#include "error_builder.hpp"

#include <utility>
#include <vector>

namespace ddbkit {

result<credentials> detail::parse_sts_response(std::string_view action, const http::response& response) {
  const std::string what = "STS " + std::string(action);
  if (response.status != 200) {
    auto code = detail::xml_element_text(response.body, "Code");
    auto message = detail::xml_element_text(response.body, "Message");
    if (!code) return std::unexpected(detail::http_status_error(what, response.status));
    // STS's own words about the failure (e.g. AccessDenied: not authorized to assume the
    // role); they name ARNs, never keys. Bounded, in case the body is not what it seems.
    std::string text = what + " failed: " + code->substr(0, 100);
    if (message) text += ": " + message->substr(0, 300);
    error e(error_code::credentials, std::move(text));
    detail::error_builder(e).aws_type(code->substr(0, 100)).http_status(response.status);
    return std::unexpected(std::move(e));
  }
  auto block = detail::xml_element_inner(response.body, "Credentials");
  if (!block) return fail(error_code::credentials, what + ": response has no Credentials");
  auto key_id = detail::xml_element_text(*block, "AccessKeyId");
  auto secret = detail::xml_element_text(*block, "SecretAccessKey");
  auto token = detail::xml_element_text(*block, "SessionToken");
  auto expiration = detail::xml_element_text(*block, "Expiration");
  if (!key_id || key_id->empty()) return fail(error_code::credentials, what + ": response has no AccessKeyId");
  if (!secret || secret->empty()) return fail(error_code::credentials, what + ": response has no SecretAccessKey");
  if (!token || token->empty()) return fail(error_code::credentials, what + ": response has no SessionToken");
  auto expires = expiration ? detail::parse_iso8601(*expiration) : std::nullopt;
  if (!expires) return fail(error_code::credentials, what + ": response has no valid Expiration");
  return credentials{.access_key_id = std::move(*key_id),
                     .secret_access_key = secret_string(std::move(*secret)),
                     .session_token = secret_string(std::move(*token)),
                     .expiration = expires};
}

namespace {

namespace asio = boost::asio;
using detail::form;
using detail::form_encode;

constexpr std::string_view form_content_type = "application/x-www-form-urlencoded; charset=utf-8";


result<http::endpoint> sts_endpoint(const sts_settings& s) {
  if (!s.endpoint.empty()) return http::endpoint::parse(s.endpoint);
  if (s.region.empty()) return http::endpoint::parse("https://sts.amazonaws.com");
  return http::endpoint::parse("https://sts." + s.region + ".amazonaws.com");
}

std::string session_name(const credentials_network& net, const sts_settings& s) {
  if (!s.role_session_name.empty()) return s.role_session_name;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(detail::now(net).time_since_epoch());
  return "ddbkit-" + std::to_string(ms.count());
}


/// Posts `fields` to STS, signed with `signer` when it is set.
asio::awaitable<result<credentials>> call_sts(credentials_network net, sts_settings settings, form fields,
                                              std::optional<credentials> signer) {
  const std::string action = fields.front().second;
  auto ep = sts_endpoint(settings);
  if (!ep) co_return fail(error_code::credentials, "STS endpoint: " + std::string(ep.error().message()));

  http::request req;
  req.method = "POST";
  req.target = "/";
  req.body = form_encode(fields);
  req.headers.push_back({"Content-Type", std::string(form_content_type)});
  if (signer) {
    const std::string host = ep->host_header();
    sigv4::signable_request to_sign{.method = req.method, .path = req.target, .query = {}, .headers = {}, .payload = req.body};
    to_sign.headers.emplace_back("content-type", std::string(form_content_type));
    to_sign.headers.emplace_back("host", host);
    const std::string region = settings.region.empty() ? "us-east-1" : settings.region;
    auto signature = sigv4::sign(to_sign, *signer,
                                 sigv4::signing_scope{.region = region, .service = "sts", .time = detail::now(net)});
    req.headers.push_back({"X-Amz-Date", std::move(signature.amz_date)});
    if (!signature.security_token.empty()) {
      req.headers.push_back({"X-Amz-Security-Token", std::move(signature.security_token)});
    }
    req.headers.push_back({"Authorization", std::move(signature.authorization)});
  }

  auto response = co_await detail::send_with_deadline(net, *ep, std::move(req), settings.timeout);
  if (!response) {
    co_return fail(error_code::credentials, "STS " + action + ": " + std::string(response.error().message()));
  }
  co_return detail::parse_sts_response(action, *response);
}

asio::awaitable<result<credentials>> assume_role(credentials_network net, std::string role_arn,
                                                 std::string external_id, std::shared_ptr<credentials_provider> source,
                                                 sts_settings settings) {
  auto source_credentials = co_await detail::await_credentials(*source);
  if (!source_credentials) {
    co_return fail(error_code::credentials, "AssumeRole " + role_arn + ": source credentials: " +
                                                std::string(source_credentials.error().message()));
  }
  form fields;
  fields.emplace_back("Action", "AssumeRole");
  fields.emplace_back("Version", "2011-06-15");
  fields.emplace_back("RoleArn", role_arn);
  fields.emplace_back("RoleSessionName", session_name(net, settings));
  if (!external_id.empty()) fields.emplace_back("ExternalId", external_id);
  fields.emplace_back("DurationSeconds", std::to_string(settings.duration.count()));
  co_return co_await call_sts(std::move(net), std::move(settings), std::move(fields), std::move(*source_credentials));
}

asio::awaitable<result<credentials>> assume_role_with_web_identity(credentials_network net, std::string role_arn,
                                                                   std::string token_file, sts_settings settings) {
  auto token = detail::read_token_file(token_file, "web identity token file");
  if (!token) co_return std::unexpected(token.error());
  form fields;
  fields.emplace_back("Action", "AssumeRoleWithWebIdentity");
  fields.emplace_back("Version", "2011-06-15");
  fields.emplace_back("RoleArn", role_arn);
  fields.emplace_back("RoleSessionName", session_name(net, settings));
  fields.emplace_back("WebIdentityToken", std::move(*token));
  fields.emplace_back("DurationSeconds", std::to_string(settings.duration.count()));
  co_return co_await call_sts(std::move(net), std::move(settings), std::move(fields), std::nullopt);
}

}  // namespace

std::shared_ptr<credentials_provider> make_assume_role_provider(credentials_network net, std::string role_arn,
                                                                std::string external_id,
                                                                std::shared_ptr<credentials_provider> source,
                                                                sts_settings settings) {
  return detail::cached_fetch(net, [net, role_arn = std::move(role_arn), external_id = std::move(external_id),
                                    source = std::move(source), settings = std::move(settings)] {
    return assume_role(net, role_arn, external_id, source, settings);
  });
}

std::shared_ptr<credentials_provider> make_web_identity_provider(credentials_network net, std::string role_arn,
                                                                 std::string token_file, sts_settings settings) {
  return detail::cached_fetch(net, [net, role_arn = std::move(role_arn), token_file = std::move(token_file),
                                    settings = std::move(settings)] {
    return assume_role_with_web_identity(net, role_arn, token_file, settings);
  });
}

}  // namespace ddbkit

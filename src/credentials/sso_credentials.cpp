#include <ddbkit/credentials/sso_credentials.hpp>

#include "auth/encoding.hpp"
#include "auth/iso8601.hpp"
#include "credentials/credential_responses.hpp"
#include "credentials/service_call.hpp"
#include "error_builder.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <openssl/evp.h>

#include <array>

namespace ddbkit {

result<credentials> detail::parse_sso_role_credentials(std::string_view body) {
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(body, ec);  // holds secrets: the parser's message is not passed on
  const auto* o = ec ? nullptr : parsed.if_object();
  const auto* role = o ? o->if_contains("roleCredentials") : nullptr;
  const auto* fields = role ? role->if_object() : nullptr;
  if (!fields) return fail(error_code::credentials, "SSO GetRoleCredentials: no roleCredentials in the response");
  const auto text = [&](std::string_view name) -> std::string {
    const auto* v = fields->if_contains(name);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  credentials out{.access_key_id = text("accessKeyId"),
                  .secret_access_key = secret_string(text("secretAccessKey")),
                  .session_token = secret_string(text("sessionToken")),
                  .expiration = std::nullopt};
  if (out.access_key_id.empty() || out.secret_access_key.empty()) {
    return fail(error_code::credentials, "SSO GetRoleCredentials: accessKeyId or secretAccessKey missing");
  }
  if (const auto* expiration = fields->if_contains("expiration"); expiration && expiration->is_number()) {
    // Milliseconds since the epoch. system_clock counts nanoseconds here, so a far-future
    // time would overflow: it is clamped to the latest representable one.
    using std::chrono::system_clock;
    constexpr auto latest =
        std::chrono::duration_cast<std::chrono::milliseconds>(system_clock::time_point::max().time_since_epoch()).count();
    const double ms = expiration->to_number<double>();
    out.expiration = ms >= static_cast<double>(latest)
                         ? system_clock::time_point::max()
                         : system_clock::time_point(std::chrono::milliseconds(static_cast<std::int64_t>(ms)));
  }
  return out;
}

namespace {

namespace asio = boost::asio;

constexpr std::string_view login_hint = "run `aws sso login` to sign in again";

std::string sha1_hex(std::string_view text) {
  std::array<unsigned char, 20> digest{};
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha1(), nullptr);
  return detail::lower_hex(digest.data(), digest.size());
}

/// The access token of the login cache, if it has not expired.
result<std::string> cached_token(const credentials_network& net, const sso_settings& settings) {
  const std::string path =
      settings.cache_dir + "/" + sha1_hex(settings.session_name.empty() ? settings.start_url : settings.session_name) +
      ".json";
  auto text = detail::read_token_file(path, "SSO token cache");
  if (!text) return fail(error_code::credentials, std::string(text.error().message()) + "; " + std::string(login_hint));
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(*text, ec);  // holds the token: its parse error is not quoted
  const auto* o = ec ? nullptr : parsed.if_object();
  const auto* token = o ? o->if_contains("accessToken") : nullptr;
  const auto* expires = o ? o->if_contains("expiresAt") : nullptr;
  if (!token || !token->is_string() || token->get_string().empty() || !expires || !expires->is_string()) {
    return fail(error_code::credentials, "SSO token cache " + path + ": no accessToken and expiresAt; " +
                                             std::string(login_hint));
  }
  std::string expires_at(expires->get_string());
  if (expires_at.ends_with("UTC")) expires_at.replace(expires_at.size() - 3, 3, "Z");  // older CLI versions
  const auto expiry = detail::parse_iso8601(expires_at);
  if (!expiry) return fail(error_code::credentials, "SSO token cache " + path + ": expiresAt is not a timestamp");
  if (*expiry <= detail::now(net)) {
    return fail(error_code::credentials, "the SSO token for " + settings.start_url + " has expired; " +
                                             std::string(login_hint));
  }
  return std::string(token->get_string());
}


asio::awaitable<result<credentials>> get_role_credentials(credentials_network net, sso_settings settings) {
  auto token = cached_token(net, settings);
  if (!token) co_return std::unexpected(token.error());
  const std::string origin =
      settings.endpoint.empty() ? "https://portal.sso." + settings.region + ".amazonaws.com" : settings.endpoint;
  auto ep = http::endpoint::parse(origin);
  if (!ep) co_return fail(error_code::credentials, "SSO portal: bad URL " + origin);
  http::request req;
  req.method = "GET";
  req.target = "/federation/credentials?" +
               detail::form_encode({{"account_id", settings.account_id}, {"role_name", settings.role_name}});
  req.headers.push_back({"x-amz-sso_bearer_token", std::move(*token)});
  auto response = co_await detail::send_with_deadline(net, *ep, std::move(req), settings.timeout);
  if (!response) {
    co_return fail(error_code::credentials, "SSO GetRoleCredentials: " + std::string(response.error().message()));
  }
  if (response->status == 401 || response->status == 403) {
    auto refused = detail::http_status_error("SSO GetRoleCredentials", response->status);
    detail::error_builder(refused).message("SSO GetRoleCredentials: HTTP " + std::to_string(response->status) +
                                           ", the token or the role was refused; " + std::string(login_hint));
    co_return std::unexpected(std::move(refused));
  }
  if (response->status != 200) {
    co_return std::unexpected(detail::http_status_error("SSO GetRoleCredentials", response->status));
  }
  co_return detail::parse_sso_role_credentials(response->body);
}

}  // namespace

std::shared_ptr<credentials_provider> make_sso_provider(credentials_network net, sso_settings settings) {
  return detail::cached_fetch(net, [net, settings = std::move(settings)] { return get_role_credentials(net, settings); });
}

}  // namespace ddbkit

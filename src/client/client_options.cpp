#include <ddbkit/client_options.hpp>
#include <ddbkit/configuration.hpp>

namespace ddbkit {

std::shared_ptr<credentials_provider> static_credentials(std::string access_key_id,
                                                         std::string secret_access_key,
                                                         std::string session_token) {
  return std::make_shared<static_credentials_provider>(
      credentials{.access_key_id = std::move(access_key_id),
                  .secret_access_key = secret_string(std::move(secret_access_key)),
                  .session_token = secret_string(std::move(session_token)),
                  .expiration = std::nullopt});
}

result<client_options> client_options::from_env(const environment& env) {
  auto resolved = resolve_configuration(env, {}, resolution::strict);
  if (!resolved) return std::unexpected(std::move(resolved.error()));
  return std::move(resolved->options);
}

client_options client_options::local(std::uint16_t port) {
  client_options options;
  options.region = "local";
  options.endpoint = "http://127.0.0.1:" + std::to_string(port);
  options.credentials = static_credentials("local", "local");
  return options;
}

result<client_options> client_options::auto_detect(const environment& env) {
  auto resolved = resolve_configuration(env, {}, resolution::auto_detect);
  if (!resolved) return std::unexpected(std::move(resolved.error()));
  return std::move(resolved->options);
}

result<http::endpoint> client_options::resolve_endpoint() const {
  if (!endpoint.empty()) return http::endpoint::parse(endpoint);
  if (region.empty()) return std::unexpected(error::validation("region", "no region set"));
  return http::endpoint::parse("https://dynamodb." + region + ".amazonaws.com");
}

}  // namespace ddbkit

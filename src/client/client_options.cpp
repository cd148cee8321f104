#include <ddbkit/client_options.hpp>
#include <ddbkit/credentials/default_chain.hpp>

#include <charconv>
#include <initializer_list>
#include <string_view>

namespace ddbkit {
namespace {

/// The first variable of `names` that is set and non-empty, with its name.
std::optional<std::pair<std::string_view, std::string>> first_set(
    const environment& env, std::initializer_list<std::string_view> names) {
  for (auto name : names) {
    if (auto value = env(name); value && !value->empty()) return std::pair{name, std::move(*value)};
  }
  return std::nullopt;
}

result<long long> positive_integer(const environment& env, std::string_view name,
                                   long long fallback) {
  auto value = env(name);
  if (!value || value->empty()) return fallback;
  long long parsed = 0;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), parsed);
  if (ec != std::errc{} || end != value->data() + value->size() || parsed <= 0) {
    return std::unexpected(error::validation(
        std::string(name), "must be a positive integer, got '" + *value + "'"));
  }
  return parsed;
}

bool is_true(const std::optional<std::string>& value) {
  return value && (*value == "true" || *value == "TRUE" || *value == "True" || *value == "1");
}

}  // namespace

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
  client_options options;

  auto region = first_set(env, {"AWS_REGION", "AWS_DEFAULT_REGION"});
  if (!region) {
    return std::unexpected(
        error::validation("AWS_REGION", "no region: set AWS_REGION or AWS_DEFAULT_REGION"));
  }
  options.region = std::move(region->second);

  if (auto endpoint =
          first_set(env, {"DYNAMODB_ENDPOINT", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"})) {
    if (auto parsed = http::endpoint::parse(endpoint->second); !parsed) {
      return std::unexpected(error::validation(std::string(endpoint->first),
                                               std::string(parsed.error().message())));
    }
    options.endpoint = std::move(endpoint->second);
  }

  auto attempts = positive_integer(env, "DYNAMODB_RETRY_MAX_ATTEMPTS", options.retry.max_attempts);
  if (!attempts) return std::unexpected(attempts.error());
  auto base_ms = positive_integer(env, "DYNAMODB_RETRY_BASE_DELAY_MS", options.retry.base_delay.count());
  if (!base_ms) return std::unexpected(base_ms.error());
  auto cap_secs = positive_integer(
      env, "DYNAMODB_RETRY_MAX_DELAY_SECS",
      std::chrono::duration_cast<std::chrono::seconds>(options.retry.max_delay).count());
  if (!cap_secs) return std::unexpected(cap_secs.error());
  options.retry.max_attempts = static_cast<int>(std::min<long long>(*attempts, 1000));
  options.retry.base_delay = std::chrono::milliseconds(*base_ms);
  options.retry.max_delay = std::chrono::seconds(*cap_secs);

  auto key_id = env("AWS_ACCESS_KEY_ID");
  auto secret = env("AWS_SECRET_ACCESS_KEY");
  const bool has_key = key_id && !key_id->empty();
  const bool has_secret = secret && !secret->empty();
  if (has_key != has_secret) {
    return std::unexpected(error::validation(
        has_key ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID",
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together"));
  }
  if (has_key) {
    options.credentials =
        static_credentials(std::move(*key_id), std::move(*secret), env("AWS_SESSION_TOKEN").value_or(""));
  } else {
    options.credentials_factory = [env](const credentials_network& net) {
      return make_default_credentials_chain(net, env);
    };
  }
  return options;
}

client_options client_options::local(std::uint16_t port) {
  client_options options;
  options.region = "local";
  options.endpoint = "http://127.0.0.1:" + std::to_string(port);
  options.credentials = static_credentials("local", "local");
  return options;
}

result<client_options> client_options::auto_detect(const environment& env) {
  auto port_text = env("DYNAMODB_LOCAL_PORT");
  const bool port_set = port_text && !port_text->empty();
  if (!is_true(env("DYNAMODB_LOCAL")) && !port_set) return from_env(env);
  auto port = positive_integer(env, "DYNAMODB_LOCAL_PORT", 8000);
  if (!port) return std::unexpected(port.error());
  if (*port > 65535) {
    return std::unexpected(error::validation("DYNAMODB_LOCAL_PORT", "must be a TCP port (1-65535)"));
  }
  return local(static_cast<std::uint16_t>(*port));
}

result<http::endpoint> client_options::resolve_endpoint() const {
  if (!endpoint.empty()) return http::endpoint::parse(endpoint);
  if (region.empty()) return std::unexpected(error::validation("region", "no region set"));
  return http::endpoint::parse("https://dynamodb." + region + ".amazonaws.com");
}

}  // namespace ddbkit

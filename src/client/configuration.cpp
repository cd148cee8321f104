#include <ddbkit/configuration.hpp>

#include <ddbkit/auth/shared_config.hpp>
#include <ddbkit/credentials/default_chain.hpp>

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <optional>

namespace ddbkit {
namespace {

/// The environment with the profile chosen on the command line in place of AWS_PROFILE, so
/// that the credentials chain reads the same profile. As in the AWS CLI (botocore: "an
/// explicitly provided profile will negate an EnvProvider"), the keys in the environment
/// then do not count.
environment with_profile(environment env, std::string profile) {
  if (profile.empty()) return env;
  return [env = std::move(env), profile = std::move(profile)](std::string_view name) -> std::optional<std::string> {
    if (name == "AWS_PROFILE") return profile;
    if (name == "AWS_ACCESS_KEY_ID" || name == "AWS_SECRET_ACCESS_KEY" || name == "AWS_SESSION_TOKEN") {
      return std::nullopt;
    }
    return env(name);
  };
}

/// A setting found in the environment or a file: its value, where, and its name there.
struct found : configured_value {
  std::string name;
};

/// Reads settings from the places the AWS SDKs look, recording where each came from.
class resolver {
 public:
  resolver(const environment& env, const shared_config& files, const profile* active)
      : env_(env), files_(files), profile_(active) {}

  /// The first of the variables that is set and non-empty.
  std::optional<found> variable(std::initializer_list<std::string_view> names) const {
    for (auto name : names) {
      if (auto value = env_(name); value && !value->empty()) {
        return found{{std::move(*value), std::string(name)}, std::string(name)};
      }
    }
    return std::nullopt;
  }

  /// The active profile's setting, from `section` (the profile's own when null).
  std::optional<found> file_setting(std::string_view key, const profile* section = nullptr) const {
    if (section == nullptr) section = profile_;
    if (section == nullptr) return std::nullopt;
    auto value = section->get(key);
    if (value.empty()) return std::nullopt;
    return found{{std::string(value), std::string(section->origin(key))}, std::string(key)};
  }

  /// The `dynamodb` endpoint of the profile's `services` section (botocore ignores a
  /// `services` name without a section, and so does this).
  std::optional<found> services_endpoint() const {
    auto name = file_setting("services");
    if (!name) return std::nullopt;
    return file_setting("dynamodb.endpoint_url", files_.find_services(name->value));
  }

 private:
  const environment& env_;
  const shared_config& files_;
  const profile* profile_;
};

/// The first candidate that is set.
template <class... Candidates>
std::optional<found> first_of(Candidates&&... candidates) {
  std::optional<found> out;
  ((out ? void() : void(out = std::forward<Candidates>(candidates))), ...);
  return out;
}

/// "must be …, got '…'", with the field the variable or "FILE:LINE" (then the message
/// names the setting).
error malformed(const found& setting, std::string_view must_be) {
  const std::string subject = setting.name == setting.origin ? std::string() : setting.name + " ";
  return error::validation(setting.origin, subject + "must be " + std::string(must_be) + ", got '" + setting.value + "'");
}

result<long long> positive_integer(const found& setting) {
  long long parsed = 0;
  const char* end = setting.value.data() + setting.value.size();
  auto [stop, ec] = std::from_chars(setting.value.data(), end, parsed);
  if (ec != std::errc{} || stop != end || parsed <= 0) return std::unexpected(malformed(setting, "a positive integer"));
  return parsed;
}

result<bool> boolean(const found& setting) {
  std::string lower = setting.value;
  std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true") return true;
  if (lower == "false") return false;
  return std::unexpected(malformed(setting, "true or false"));
}

/// DynamoDB Local's port when it is asked for (DYNAMODB_LOCAL, DYNAMODB_LOCAL_PORT or
/// --local), else nullopt.
result<std::optional<std::uint16_t>> local_port(const resolver& read, const configuration_overrides& overrides) {
  auto flag = read.variable({"DYNAMODB_LOCAL"});
  auto port = read.variable({"DYNAMODB_LOCAL_PORT"});
  const bool asked = overrides.local || port || (flag && (flag->value == "1" || boolean(*flag).value_or(false)));
  if (!asked) return std::nullopt;
  if (!port) return std::optional<std::uint16_t>(8000);
  auto parsed = positive_integer(*port);
  if (!parsed) return std::unexpected(parsed.error());
  if (*parsed > 65535) return std::unexpected(malformed(*port, "a TCP port (1-65535)"));
  return std::optional<std::uint16_t>(static_cast<std::uint16_t>(*parsed));
}

result<configured_value> resolve_endpoint(const resolver& read, const configuration_overrides& overrides) {
  if (!overrides.endpoint.empty()) return configured_value{overrides.endpoint, "--endpoint"};
  if (auto ours = read.variable({"DYNAMODB_ENDPOINT"})) return *ours;
  auto ignore = first_of(read.variable({"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"}),
                         read.file_setting("ignore_configured_endpoint_urls"));
  if (ignore) {
    auto ignored = boolean(*ignore);
    if (!ignored) return std::unexpected(ignored.error());
    if (*ignored) return configured_value{{}, "regional endpoint (" + ignore->origin + " ignores configured ones)"};
  }
  if (auto configured = first_of(read.variable({"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"}),
                                 read.services_endpoint(), read.file_setting("endpoint_url"))) {
    return *configured;
  }
  return configured_value{{}, "regional endpoint"};
}

struct retry_settings {
  configured_value max_attempts;
  configured_value mode;
  configured_value backoff;
};

result<retry_settings> resolve_retry(const resolver& read, retry_options& retry) {
  retry_settings out;
  auto attempts = first_of(read.variable({"DYNAMODB_RETRY_MAX_ATTEMPTS", "AWS_MAX_ATTEMPTS"}),
                           read.file_setting("max_attempts"));
  out.max_attempts = attempts ? *attempts : configured_value{std::to_string(retry.max_attempts), "default"};
  if (attempts) {
    auto parsed = positive_integer(*attempts);
    if (!parsed) return std::unexpected(parsed.error());
    retry.max_attempts = static_cast<int>(std::min<long long>(*parsed, 1000));
  }
  std::string backoff_origin;
  if (auto base = read.variable({"DYNAMODB_RETRY_BASE_DELAY_MS"})) {
    auto parsed = positive_integer(*base);
    if (!parsed) return std::unexpected(parsed.error());
    retry.base_delay = std::chrono::milliseconds(*parsed);
    backoff_origin = base->origin;
  }
  if (auto cap = read.variable({"DYNAMODB_RETRY_MAX_DELAY_SECS"})) {
    auto parsed = positive_integer(*cap);
    if (!parsed) return std::unexpected(parsed.error());
    retry.max_delay = std::chrono::seconds(*parsed);
    backoff_origin += (backoff_origin.empty() ? "" : ", ") + cap->origin;
  }
  out.backoff = {std::to_string(retry.base_delay.count()) + " ms base, " + std::to_string(retry.max_delay.count()) +
                     " ms cap",
                 backoff_origin.empty() ? std::string("default") : backoff_origin};
  auto mode = first_of(read.variable({"AWS_RETRY_MODE"}), read.file_setting("retry_mode"));
  out.mode = mode ? *mode : configured_value{"standard", "default"};
  if (mode) {
    if (mode->value == "adaptive") {
      retry.adaptive = true;
    } else if (mode->value == "legacy") {
      out.mode.value = "standard";  // ddbkit has one non-adaptive mode: legacy reads as standard
      out.mode.origin += " (legacy, read as standard)";
    } else if (mode->value != "standard") {
      return std::unexpected(malformed(*mode, "standard, adaptive or legacy"));
    }
  }
  return out;
}

}  // namespace

bool is_loopback_endpoint(std::string_view url) {
  auto parsed = http::endpoint::parse(url);
  if (!parsed) return false;
  const std::string& host = parsed->host;
  const bool ipv4_literal = std::ranges::all_of(host, [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
  return host == "localhost" || host == "::1" || (ipv4_literal && host.starts_with("127."));
}

result<configuration> resolve_configuration(const environment& process_env, const configuration_overrides& overrides,
                                            resolution mode) {
  const environment env = with_profile(process_env, overrides.profile);
  auto files = shared_config::load(env);
  if (!files) return std::unexpected(files.error());

  configuration out;
  const auto profile_variable_name = profile_variable(env);
  out.profile = {selected_profile_name(env), !overrides.profile.empty()     ? std::string("--profile")
                                             : !profile_variable_name.empty() ? std::string(profile_variable_name)
                                                                              : std::string("default")};
  const profile* active = files->find(out.profile.value);
  if (active == nullptr && out.profile.origin != "default") {
    return std::unexpected(error::validation(
        out.profile.origin, "profile " + out.profile.value + " (" + out.profile.origin + ") is not in " + files->source_list()));
  }
  const resolver read(env, *files, active);
  client_options& options = out.options;

  auto retry = resolve_retry(read, options.retry);
  if (!retry) return std::unexpected(retry.error());
  out.max_attempts = std::move(retry->max_attempts);
  out.retry_mode = std::move(retry->mode);
  out.backoff = std::move(retry->backoff);

  if (mode == resolution::auto_detect) {
    auto port = local_port(read, overrides);
    if (!port) return std::unexpected(port.error());
    if (*port) {
      const std::string asked = overrides.local ? "--local" : "DYNAMODB_LOCAL";
      const client_options local = client_options::local(**port);
      options.endpoint = overrides.endpoint.empty() ? local.endpoint : overrides.endpoint;
      options.region = overrides.region.empty() ? local.region : overrides.region;
      options.credentials = local.credentials;
      out.endpoint = {options.endpoint, overrides.endpoint.empty() ? asked : "--endpoint"};
      out.region = {options.region, overrides.region.empty() ? asked : "--region"};
      out.credentials = {"DynamoDB Local dummy keys (local)", asked};
      return out;
    }
  }

  auto endpoint = resolve_endpoint(read, overrides);
  if (!endpoint) return std::unexpected(endpoint.error());
  if (!endpoint->value.empty()) {
    if (auto parsed = http::endpoint::parse(endpoint->value); !parsed) {
      return std::unexpected(error::validation(endpoint->origin, std::string(parsed.error().message())));
    }
  }
  out.endpoint = std::move(*endpoint);
  options.endpoint = out.endpoint.value;
  const bool local_defaults_apply = mode == resolution::auto_detect && is_loopback_endpoint(options.endpoint);

  auto region = first_of(overrides.region.empty() ? std::nullopt
                                                  : std::optional(found{{overrides.region, "--region"}, "--region"}),
                         read.variable({"AWS_REGION", "AWS_DEFAULT_REGION"}), read.file_setting("region"));
  if (!region && local_defaults_apply) {
    region = found{{"local", "DynamoDB Local default (loopback endpoint, no region configured)"}, "region"};
    out.local_defaults = "region local";
  }
  if (!region) {
    return std::unexpected(error::validation(
        "AWS_REGION", "no region: set AWS_REGION or AWS_DEFAULT_REGION, or region in profile " + out.profile.value +
                          " of " + files->source_list()));
  }
  out.region = std::move(*region);
  options.region = out.region.value;

  auto key_id = read.variable({"AWS_ACCESS_KEY_ID"});
  auto secret = read.variable({"AWS_SECRET_ACCESS_KEY"});
  if (key_id.has_value() != secret.has_value()) {
    return std::unexpected(error::validation(key_id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID",
                                             "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together"));
  }
  if (key_id) {
    options.credentials = static_credentials(std::move(key_id->value), std::move(secret->value),
                                             env("AWS_SESSION_TOKEN").value_or(""));
    out.credentials = {"environment (static keys)", "AWS_ACCESS_KEY_ID"};
    return out;
  }
  // The chain decides at the first request; a broken configuration shows here already
  // (and stays the chain's answer then: never a reason to fall back to dummy keys).
  auto source = default_credentials_source(env);
  if (!source || source->configured || !local_defaults_apply) {
    out.credentials = source ? configured_value{source->description, "default credentials chain"}
                             : configured_value{"unusable: " + std::string(source.error().message()),
                                                "default credentials chain"};
    options.credentials_factory = [env](const credentials_network& net) {
      return make_default_credentials_chain(net, env);
    };
    return out;
  }
  options.credentials = client_options::local().credentials;
  out.credentials = {"DynamoDB Local dummy keys (local)", "loopback endpoint, no credentials configured"};
  out.local_defaults += (out.local_defaults.empty() ? "" : ", ") + std::string("dummy keys local/local");
  return out;
}

}  // namespace ddbkit

#include <ddbkit/credentials/profile_credentials.hpp>

#include <ddbkit/auth/credential_process.hpp>
#include <ddbkit/auth/environment_credentials.hpp>
#include <ddbkit/credentials/container_credentials.hpp>
#include <ddbkit/credentials/imds_credentials.hpp>
#include <ddbkit/credentials/sso_credentials.hpp>

#include "credentials/env_settings.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

namespace ddbkit {
namespace {

using provider_ptr = std::shared_ptr<credentials_provider>;

struct resolver {
  const credentials_network& net;
  const shared_config& config;
  const environment& env;
  const sts_settings& sts;
  std::vector<std::string> visiting;  // the source_profile path so far, to catch cycles

  static result<std::optional<provider_ptr>> static_keys(const profile& p) {
    const auto key_id = p.get("aws_access_key_id");
    const auto secret = p.get("aws_secret_access_key");
    if (key_id.empty() && secret.empty()) return std::optional<provider_ptr>();
    if (key_id.empty() || secret.empty()) {
      return fail(error_code::credentials, "profile " + p.name + ": aws_access_key_id and aws_secret_access_key "
                                           "must be set together");
    }
    provider_ptr keys = std::make_shared<static_credentials_provider>(
        credentials{.access_key_id = std::string(key_id),
                    .secret_access_key = secret_string(std::string(secret)),
                    .session_token = secret_string(std::string(p.get("aws_session_token"))),
                    .expiration = std::nullopt});
    return std::optional<provider_ptr>(std::move(keys));
  }

  result<provider_ptr> credential_source(const profile& p, std::string_view source) {
    if (source == "Environment") {
      auto from_env = credentials_from_environment(env);
      if (!from_env) return std::unexpected(from_env.error());
      if (!*from_env) return fail(error_code::credentials, "profile " + p.name + ": credential_source Environment, "
                                                           "but AWS_ACCESS_KEY_ID is not set");
      return std::make_shared<static_credentials_provider>(std::move(**from_env));
    }
    if (source == "EcsContainer") {
      auto settings = container_settings_from_env(env);
      if (!settings) return std::unexpected(settings.error());
      if (!*settings) return fail(error_code::credentials, "profile " + p.name + ": credential_source EcsContainer, "
                                                            "but no AWS_CONTAINER_CREDENTIALS_*_URI is set");
      return make_container_provider(net, std::move(**settings));
    }
    if (source == "Ec2InstanceMetadata") {
      auto settings = detail::imds_settings_from_env(env);
      if (!settings) return fail(error_code::credentials, "profile " + p.name + ": credential_source "
                                                           "Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED is set");
      return make_imds_provider(net, std::move(*settings));
    }
    return fail(error_code::credentials, "profile " + p.name + ": unknown credential_source '" +
                                             std::string(source.substr(0, 64)) + "'");
  }

  result<sts_settings> sts_for(const profile& p) const {
    sts_settings out = sts;
    if (out.region.empty()) out.region = std::string(p.get("region"));
    if (auto name = p.get("role_session_name"); !name.empty()) out.role_session_name = std::string(name);
    if (auto duration = p.get("duration_seconds"); !duration.empty()) {
      long long seconds = 0;
      auto [end, ec] = std::from_chars(duration.data(), duration.data() + duration.size(), seconds);
      if (ec != std::errc{} || end != duration.data() + duration.size() || seconds < 900 || seconds > 43200) {
        return fail(error_code::credentials, "profile " + p.name + ": duration_seconds must be 900-43200");
      }
      out.duration = std::chrono::seconds(seconds);
    }
    return out;
  }

  result<provider_ptr> role(const profile& p) {
    auto settings = sts_for(p);
    if (!settings) return std::unexpected(settings.error());
    const std::string role_arn(p.get("role_arn"));
    if (auto token_file = p.get("web_identity_token_file"); !token_file.empty()) {
      return make_web_identity_provider(net, role_arn, std::string(token_file), std::move(*settings));
    }
    provider_ptr source;
    if (auto source_name = p.get("source_profile"); !source_name.empty()) {
      if (source_name == p.name) {
        // A profile may be its own source: its keys are the source of its role.
        auto keys = static_keys(p);
        if (!keys) return std::unexpected(keys.error());
        if (!*keys) return fail(error_code::credentials, "profile " + p.name + " is its own source_profile "
                                                         "but has no aws_access_key_id");
        source = std::move(**keys);
      } else {
        auto resolved = resolve(source_name, true);
        if (!resolved) return std::unexpected(resolved.error());
        source = std::move(*resolved);
      }
    } else if (auto source_kind = p.get("credential_source"); !source_kind.empty()) {
      auto resolved = credential_source(p, source_kind);
      if (!resolved) return std::unexpected(resolved.error());
      source = std::move(*resolved);
    } else {
      return fail(error_code::credentials,
                  "profile " + p.name + ": role_arn needs source_profile, credential_source or web_identity_token_file");
    }
    return make_assume_role_provider(net, role_arn, std::string(p.get("external_id")), std::move(source),
                                     std::move(*settings));
  }

  result<provider_ptr> sso(const profile& p) {
    sso_settings settings{.session_name = std::string(p.get("sso_session"))};
    const profile* session = &p;  // a legacy profile holds the session's settings itself
    if (!settings.session_name.empty()) {
      session = config.find_sso_session(settings.session_name);
      if (session == nullptr) {
        return fail(error_code::credentials, "profile " + p.name + ": sso_session " + settings.session_name +
                                                 " has no [sso-session " + settings.session_name + "] section");
      }
    }
    settings.start_url = std::string(session->get("sso_start_url"));
    settings.region = std::string(session->get("sso_region"));
    settings.account_id = std::string(p.get("sso_account_id"));
    settings.role_name = std::string(p.get("sso_role_name"));
    for (const auto& [key, value] : {std::pair{"sso_start_url", &settings.start_url}, {"sso_region", &settings.region},
                                     {"sso_account_id", &settings.account_id}, {"sso_role_name", &settings.role_name}}) {
      if (value->empty()) return fail(error_code::credentials, "profile " + p.name + ": SSO needs " + key);
    }
    settings.cache_dir = detail::env_value(env, "HOME") + "/.aws/sso/cache";
    settings.endpoint = detail::env_value(env, "AWS_ENDPOINT_URL_SSO");
    return make_sso_provider(net, std::move(settings));
  }

  /// `as_source`: named by a source_profile, where a profile without credentials is an error.
  result<provider_ptr> resolve(std::string_view name, bool as_source) {
    if (std::find(visiting.begin(), visiting.end(), name) != visiting.end()) {
      std::string path;
      for (const auto& step : visiting) path += step + " -> ";
      return fail(error_code::credentials, "source_profile cycle: " + path + std::string(name));
    }
    const profile* p = config.find(name);
    if (p == nullptr) return fail(error_code::credentials, "profile " + std::string(name) + " not found");
    visiting.emplace_back(name);

    switch (credentials_kind_of(*p)) {
      case profile_credentials_kind::web_identity:
      case profile_credentials_kind::assume_role:
        return role(*p);
      case profile_credentials_kind::sso:
        return sso(*p);
      case profile_credentials_kind::static_keys: {
        auto keys = static_keys(*p);
        if (!keys) return std::unexpected(keys.error());
        return std::move(**keys);
      }
      case profile_credentials_kind::credential_process:
        return make_credential_process_provider(std::string(p->get("credential_process")));
      case profile_credentials_kind::none:
        break;
    }
    if (as_source) {
      return fail(error_code::credentials, "profile " + std::string(name) + " (a source_profile) has no credentials");
    }
    return provider_ptr();
  }
};

}  // namespace

profile_credentials_kind credentials_kind_of(const profile& p) {
  const auto set = [&p](std::string_view key) { return !p.get(key).empty(); };
  if (set("role_arn")) return set("web_identity_token_file") ? profile_credentials_kind::web_identity
                                                             : profile_credentials_kind::assume_role;
  // SSO before static keys, as the AWS SDKs order them.
  if (set("sso_session") || set("sso_start_url") || set("sso_account_id")) return profile_credentials_kind::sso;
  if (set("aws_access_key_id") || set("aws_secret_access_key")) return profile_credentials_kind::static_keys;
  if (set("credential_process")) return profile_credentials_kind::credential_process;
  return profile_credentials_kind::none;
}

std::string_view to_string(profile_credentials_kind kind) {
  switch (kind) {
    case profile_credentials_kind::web_identity: return "web identity";
    case profile_credentials_kind::assume_role: return "assume role";
    case profile_credentials_kind::sso: return "SSO";
    case profile_credentials_kind::static_keys: return "static keys";
    case profile_credentials_kind::credential_process: return "credential_process";
    case profile_credentials_kind::none: break;
  }
  return "none";
}

result<std::shared_ptr<credentials_provider>> make_profile_provider(const credentials_network& net,
                                                                    const shared_config& config,
                                                                    std::string_view name, const environment& env,
                                                                    const sts_settings& sts) {
  resolver r{net, config, env, sts, {}};
  return r.resolve(name, false);
}

}  // namespace ddbkit

#include <ddbkit/credentials/default_chain.hpp>

#include <ddbkit/auth/environment_credentials.hpp>
#include <ddbkit/auth/shared_config.hpp>
#include <ddbkit/credentials/container_credentials.hpp>
#include <ddbkit/credentials/imds_credentials.hpp>
#include <ddbkit/credentials/profile_credentials.hpp>
#include <ddbkit/credentials/sts_credentials.hpp>

#include "async/complete.hpp"
#include "credentials/env_settings.hpp"

#include <mutex>
#include <vector>

namespace ddbkit {
namespace detail {

std::string env_value(const environment& env, std::string_view name) { return env(name).value_or(""); }

sts_settings sts_settings_from_env(const environment& env) {
  sts_settings out;
  out.region = env_value(env, "AWS_REGION");
  if (out.region.empty()) out.region = env_value(env, "AWS_DEFAULT_REGION");
  out.endpoint = env_value(env, "AWS_ENDPOINT_URL_STS");
  return out;
}

std::optional<imds_settings> imds_settings_from_env(const environment& env) {
  auto disabled = env_value(env, "AWS_EC2_METADATA_DISABLED");
  if (disabled == "true" || disabled == "TRUE" || disabled == "True") return std::nullopt;
  imds_settings out;
  if (auto endpoint = env_value(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT"); !endpoint.empty()) {
    while (endpoint.size() > 1 && endpoint.back() == '/') endpoint.pop_back();
    out.endpoint = std::move(endpoint);
  }
  return out;
}

}  // namespace detail

namespace {

using provider_ptr = std::shared_ptr<credentials_provider>;

/// The last resort's errors, prefixed with what was tried before it.
class explained_provider final : public credentials_provider {
 public:
  explained_provider(provider_ptr inner, std::string tried) : inner_(std::move(inner)), tried_(std::move(tried)) {}

  void async_get_credentials(handler h) override {
    inner_->async_get_credentials(handler([h = std::move(h), tried = tried_](result<credentials> r) mutable {
      if (!r) r = fail(error_code::credentials, "no credentials found; tried " + tried + std::string(r.error().message()));
      detail::complete_now<result<credentials>>(std::move(h), std::move(r));
    }));
  }

 private:
  provider_ptr inner_;
  std::string tried_;
};

/// A link of the chain: its provider when configured, an error when configured but
/// broken, nullptr when not configured (then `skipped` says why, for the final error).
struct link_result {
  provider_ptr provider;
  std::string skipped;
};

class default_chain final : public credentials_provider {
 public:
  default_chain(credentials_network net, environment env) : net_(std::move(net)), env_(std::move(env)) {}

  void async_get_credentials(handler h) override {
    result<provider_ptr> chosen = chosen_or_resolve();
    // Outside the lock: the handler may run inline and ask again.
    if (!chosen) {
      detail::complete_now<result<credentials>>(std::move(h), std::unexpected(std::move(chosen.error())));
      return;
    }
    (*chosen)->async_get_credentials(std::move(h));
  }

 private:
  result<provider_ptr> chosen_or_resolve() {
    std::lock_guard lock(mutex_);
    if (!chosen_) {
      auto resolved = resolve();
      if (!resolved) return resolved;
      chosen_ = std::move(*resolved);
    }
    return chosen_;
  }

  std::string var(std::string_view name) const { return detail::env_value(env_, name); }

  /// The container link; with IMDS after it, also the source of "assume role" from the environment.
  result<link_result> container_link() const {
    auto settings = container_settings_from_env(env_);
    if (!settings) return std::unexpected(settings.error());
    if (!*settings) return link_result{nullptr, "container (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/_FULL_URI not set)"};
    return link_result{make_container_provider(net_, std::move(**settings)), {}};
  }

  result<provider_ptr> resolve() const {
    std::string tried;
    const auto skip = [&tried](const std::string& why) { tried += why + "; "; };

    if (auto from_env = credentials_from_environment(env_); !from_env) {
      return std::unexpected(from_env.error());
    } else if (*from_env) {
      return std::make_shared<static_credentials_provider>(std::move(**from_env));
    }
    skip("environment (AWS_ACCESS_KEY_ID not set)");

    const sts_settings sts = detail::sts_settings_from_env(env_);
    const std::string role_arn = var("AWS_ROLE_ARN");
    if (auto token_file = var("AWS_WEB_IDENTITY_TOKEN_FILE"); !token_file.empty()) {
      if (role_arn.empty()) {
        return fail(error_code::credentials, "AWS_WEB_IDENTITY_TOKEN_FILE is set without AWS_ROLE_ARN");
      }
      sts_settings settings = sts;
      settings.role_session_name = var("AWS_ROLE_SESSION_NAME");
      return make_web_identity_provider(net_, role_arn, std::move(token_file), std::move(settings));
    }
    skip("web identity (AWS_WEB_IDENTITY_TOKEN_FILE not set)");

    auto config = shared_config::load(env_);
    if (!config) return std::unexpected(config.error());
    const std::string profile_name = selected_profile_name(env_);
    const bool profile_asked = !var("AWS_PROFILE").empty();
    if (config->find(profile_name) != nullptr || profile_asked) {
      auto from_profile = make_profile_provider(net_, *config, profile_name, env_, sts);
      if (!from_profile) return std::unexpected(from_profile.error());
      if (*from_profile) return std::move(*from_profile);
      if (profile_asked) {
        return fail(error_code::credentials, "profile " + profile_name + " (AWS_PROFILE) has no credentials");
      }
      skip("profile " + profile_name + " (no credentials in it)");
    } else {
      std::string files;
      for (const auto& f : config->sources()) files += (files.empty() ? "" : ", ") + f;
      skip("profile " + profile_name + " (not in " + files + ")");
    }

    auto container = container_link();
    if (!container) return std::unexpected(container.error());
    auto imds = detail::imds_settings_from_env(env_);

    if (!role_arn.empty()) {
      provider_ptr source = container->provider;
      if (!source && imds) source = make_imds_provider(net_, *imds);
      if (!source) {
        return fail(error_code::credentials, "AWS_ROLE_ARN is set, but there are no source credentials for it "
                                             "(no container credentials, IMDS disabled)");
      }
      sts_settings settings = sts;
      settings.role_session_name = var("AWS_ROLE_SESSION_NAME");
      return make_assume_role_provider(net_, role_arn, var("AWS_EXTERNAL_ID"), std::move(source), std::move(settings));
    }
    skip("assume role (AWS_ROLE_ARN not set)");

    if (container->provider) return std::move(container->provider);
    skip(container->skipped);

    if (!imds) {
      return fail(error_code::credentials, "no credentials found; tried " + tried +
                                               "IMDS (disabled by AWS_EC2_METADATA_DISABLED)");
    }
    return std::make_shared<explained_provider>(make_imds_provider(net_, std::move(*imds)), std::move(tried));
  }

  credentials_network net_;
  environment env_;
  std::mutex mutex_;
  provider_ptr chosen_;
};

}  // namespace

std::shared_ptr<credentials_provider> make_default_credentials_chain(credentials_network net, environment env) {
  return std::make_shared<default_chain>(std::move(net), std::move(env));
}

}  // namespace ddbkit

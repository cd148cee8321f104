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
  std::shared_ptr<const credentials> credentials_at_hand() override { return inner_->credentials_at_hand(); }

 private:
  provider_ptr inner_;
  std::string tried_;
};

/// The links of the chain, in order; `none` when nothing is configured and IMDS is disabled.
enum class link_kind { environment, web_identity, profile, assume_role, container, imds, none };

/// The link that answers, decided from the environment and the shared files alone (no
/// network), with what it needs to be built and what was skipped before it.
struct link_choice {
  link_kind kind = link_kind::imds;
  std::string description;
  std::string tried;  // "environment (...); web identity (...); " for the final error
  std::optional<credentials> static_keys;
  std::optional<container_settings> container;
  std::optional<imds_settings> imds;  // nullopt: IMDS disabled
  std::string profile_name;
};

/// The first configured link, as the AWS SDKs choose it: an unconfigured link is skipped; a
/// configured one that is broken is an error.
result<link_choice> choose_link(const environment& env, const shared_config& config) {
  link_choice out;
  const auto skip = [&out](const std::string& why) { out.tried += why + "; "; };
  const auto chosen = [&out](link_kind kind, std::string description) -> result<link_choice> {
    out.kind = kind;
    out.description = std::move(description);
    return std::move(out);
  };

  auto from_env = credentials_from_environment(env);
  if (!from_env) return std::unexpected(from_env.error());
  if (*from_env) {
    out.static_keys = std::move(**from_env);
    return chosen(link_kind::environment, "environment (AWS_ACCESS_KEY_ID)");
  }
  skip("environment (AWS_ACCESS_KEY_ID not set)");

  const std::string role_arn = detail::env_value(env, "AWS_ROLE_ARN");
  if (!detail::env_value(env, "AWS_WEB_IDENTITY_TOKEN_FILE").empty()) {
    if (role_arn.empty()) {
      return fail(error_code::credentials, "AWS_WEB_IDENTITY_TOKEN_FILE is set without AWS_ROLE_ARN");
    }
    return chosen(link_kind::web_identity, "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)");
  }
  skip("web identity (AWS_WEB_IDENTITY_TOKEN_FILE not set)");

  out.profile_name = selected_profile_name(env);
  const auto profile_asked = profile_variable(env);
  if (const profile* p = config.find(out.profile_name);
      p != nullptr && credentials_kind_of(*p) != profile_credentials_kind::none) {
    return chosen(link_kind::profile,
                  "profile " + out.profile_name + " (" + std::string(to_string(credentials_kind_of(*p))) + ")");
  } else if (!profile_asked.empty()) {
    const std::string named_by(profile_asked);
    return fail(error_code::credentials, "profile " + out.profile_name +
                                             (p == nullptr ? " not found in " + config.source_list() + " (named by " + named_by + ")"
                                                           : " (" + named_by + ") has no credentials"));
  } else if (p != nullptr) {
    skip("profile " + out.profile_name + " (no credentials in it)");
  } else {
    skip("profile " + out.profile_name + " (not in " + config.source_list() + ")");
  }

  auto container = container_settings_from_env(env);
  if (!container) return std::unexpected(container.error());
  out.container = std::move(*container);
  out.imds = detail::imds_settings_from_env(env);

  if (!role_arn.empty()) {
    if (!out.container && !out.imds) {
      return fail(error_code::credentials, "AWS_ROLE_ARN is set, but there are no source credentials for it "
                                           "(no container credentials, IMDS disabled)");
    }
    return chosen(link_kind::assume_role,
                  std::string("assume role (AWS_ROLE_ARN, source: ") + (out.container ? "container)" : "IMDS)"));
  }
  skip("assume role (AWS_ROLE_ARN not set)");

  if (out.container) return chosen(link_kind::container, "container (AWS_CONTAINER_CREDENTIALS_*_URI)");
  skip("container (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/_FULL_URI not set)");

  if (!out.imds) {
    out.tried += "IMDS (disabled by AWS_EC2_METADATA_DISABLED)";
    return chosen(link_kind::none, "none (nothing configured, IMDS disabled)");
  }
  return chosen(link_kind::imds, "IMDS (instance metadata, the last resort)");
}

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

  /// The chosen link's, once a first request has chosen it (choosing reads files).
  std::shared_ptr<const credentials> credentials_at_hand() override {
    provider_ptr chosen;
    {
      std::lock_guard lock(mutex_);
      chosen = chosen_;
    }
    return chosen ? chosen->credentials_at_hand() : nullptr;
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

  result<provider_ptr> resolve() const {
    auto config = shared_config::load(env_);
    if (!config) return std::unexpected(config.error());
    auto choice = choose_link(env_, *config);
    if (!choice) return std::unexpected(choice.error());
    const sts_settings sts = detail::sts_settings_from_env(env_);
    const auto sts_with_session_name = [&] {
      sts_settings settings = sts;
      settings.role_session_name = var("AWS_ROLE_SESSION_NAME");
      return settings;
    };
    switch (choice->kind) {
      case link_kind::environment:
        return std::make_shared<static_credentials_provider>(std::move(*choice->static_keys));
      case link_kind::web_identity:
        return make_web_identity_provider(net_, var("AWS_ROLE_ARN"), var("AWS_WEB_IDENTITY_TOKEN_FILE"),
                                          sts_with_session_name());
      case link_kind::profile: {
        auto from_profile = make_profile_provider(net_, *config, choice->profile_name, env_, sts);
        if (!from_profile) return std::unexpected(from_profile.error());
        return std::move(*from_profile);
      }
      case link_kind::assume_role: {
        provider_ptr source = choice->container ? make_container_provider(net_, std::move(*choice->container))
                                                : make_imds_provider(net_, std::move(*choice->imds));
        return make_assume_role_provider(net_, var("AWS_ROLE_ARN"), var("AWS_EXTERNAL_ID"), std::move(source),
                                         sts_with_session_name());
      }
      case link_kind::container:
        return make_container_provider(net_, std::move(*choice->container));
      case link_kind::none:
        return fail(error_code::credentials, "no credentials found; tried " + choice->tried);
      case link_kind::imds:
        break;
    }
    return std::make_shared<explained_provider>(make_imds_provider(net_, std::move(*choice->imds)),
                                                std::move(choice->tried));
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

result<credentials_source> default_credentials_source(const environment& env) {
  auto config = shared_config::load(env);
  if (!config) return std::unexpected(config.error());
  auto choice = choose_link(env, *config);
  if (!choice) return std::unexpected(choice.error());
  return credentials_source{.description = std::move(choice->description),
                            .configured = choice->kind != link_kind::imds && choice->kind != link_kind::none};
}

}  // namespace ddbkit

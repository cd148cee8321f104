#pragma once
// Credentials that a profile of the shared config/credentials files describes.
#include <ddbkit/auth/credentials_provider.hpp>
#include <ddbkit/auth/shared_config.hpp>
#include <ddbkit/credentials/credentials_network.hpp>
#include <ddbkit/credentials/sts_credentials.hpp>
#include <ddbkit/environment.hpp>

#include <memory>
#include <string_view>

namespace ddbkit {

/// The provider for profile `name`, by the first of its settings that applies:
/// - `role_arn` with `web_identity_token_file`: AssumeRoleWithWebIdentity;
/// - `role_arn` with `source_profile` (resolved the same way, recursively; a profile that
///   names itself uses its own static keys) or `credential_source` (Environment,
///   EcsContainer, Ec2InstanceMetadata, read from `env`): AssumeRole, with the profile's
///   `external_id`, `role_session_name` and `duration_seconds`;
/// - `sso_session` (with its `[sso-session]` section) or the legacy `sso_start_url`, with
///   `sso_account_id` and `sso_role_name`: IAM Identity Center (make_sso_provider), with the
///   token cache under $HOME/.aws/sso/cache and the portal at AWS_ENDPOINT_URL_SSO if set;
/// - `aws_access_key_id` + `aws_secret_access_key` (+ `aws_session_token`): static keys;
/// - `credential_process`: that command (see run_credential_process).
/// STS calls use `sts` (region and endpoint), with the profile's `region` when `sts`
/// names none. Returns nullptr when the profile exists but holds no credential settings.
/// Errors (`credentials`): no such profile; a source_profile cycle (the message lists it);
/// a key id without its secret; role_arn without a source; an unknown credential_source;
/// an SSO profile missing a setting or naming an sso_session without a section.
/// The credentials a profile holds, by the first of its settings that applies (the order
/// make_profile_provider follows).
enum class profile_credentials_kind { none, web_identity, assume_role, sso, static_keys, credential_process };

/// Which kind of credentials `p` holds; `none` when it has no credential settings.
profile_credentials_kind credentials_kind_of(const profile& p);

/// "web identity", "assume role", "SSO", "static keys", "credential_process" or "none".
std::string_view to_string(profile_credentials_kind kind);

result<std::shared_ptr<credentials_provider>> make_profile_provider(const credentials_network& net,
                                                                    const shared_config& config,
                                                                    std::string_view name, const environment& env,
                                                                    const sts_settings& sts = {});

}  // namespace ddbkit

#pragma once
// Credentials from the container credentials endpoint (ECS task roles, EKS Pod Identity).
#include <ddbkit/auth/credentials_provider.hpp>
#include <ddbkit/credentials/credentials_network.hpp>
#include <ddbkit/environment.hpp>
#include <ddbkit/error.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace ddbkit {

struct container_settings {
  /// The full URL to GET.
  std::string url;
  /// Authorization header value; `authorization_token_file`, when set, wins and is read at
  /// every refresh.
  std::string authorization_token;
  std::string authorization_token_file;
  std::chrono::milliseconds timeout{std::chrono::seconds(2)};
};

/// From AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (http://169.254.170.2 + it) or
/// AWS_CONTAINER_CREDENTIALS_FULL_URI, with AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE or
/// AWS_CONTAINER_AUTHORIZATION_TOKEN. nullopt when neither URI variable is set.
/// Error (`credentials`): a full URI that is not https and not a loopback address,
/// 169.254.170.2 or 169.254.170.23 (credentials must not travel in clear text elsewhere).
result<std::optional<container_settings>> container_settings_from_env(const environment& env);

/// GETs `settings.url` with the Authorization header and reads
/// {AccessKeyId, SecretAccessKey, Token, Expiration}. Cached and refreshed before expiry.
/// Errors (`credentials`): network or timeout; a non-200 status; a malformed answer.
std::shared_ptr<credentials_provider> make_container_provider(credentials_network net, container_settings settings);

}  // namespace ddbkit

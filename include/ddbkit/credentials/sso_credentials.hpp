#pragma once
// Role credentials from IAM Identity Center (AWS SSO), with the token `aws sso login` cached.
#include <ddbkit/auth/credentials_provider.hpp>
#include <ddbkit/credentials/credentials_network.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace ddbkit {

/// A profile's SSO settings: `sso_account_id` and `sso_role_name`, with `sso_start_url` and
/// `sso_region` from its `[sso-session]` section (or, in a legacy profile, from itself).
struct sso_settings {
  std::string start_url;
  std::string region;  ///< the portal's region
  std::string account_id;
  std::string role_name;
  /// The profile's `sso_session`; empty for a legacy profile. The cached token's file is
  /// named by the SHA-1 of this, or of `start_url` when it is empty (as the AWS CLI does).
  std::string session_name;
  /// Where `aws sso login` keeps tokens: $HOME/.aws/sso/cache.
  std::string cache_dir;
  /// Portal URL override (AWS_ENDPOINT_URL_SSO); empty for
  /// https://portal.sso.<region>.amazonaws.com.
  std::string endpoint;
  /// Bound on each portal request.
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};
};

/// GetRoleCredentials of `role_name` in `account_id` from the SSO portal, authorized by the
/// access token in the login cache (read again at every refresh, so a new `aws sso login`
/// is picked up). Cached and refreshed before the role credentials expire. The token itself
/// is not refreshed: once it has expired the error says to run `aws sso login`.
/// Errors (`credentials`): no cached token, an unreadable or expired one; the portal's HTTP
/// status (401/403: the token was refused); a network error or timeout; a response without
/// credentials. Neither the token nor the credentials ever appear in a message.
std::shared_ptr<credentials_provider> make_sso_provider(credentials_network net, sso_settings settings);

}  // namespace ddbkit

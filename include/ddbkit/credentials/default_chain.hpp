#pragma once
// The AWS SDKs' default credentials chain.
#include <ddbkit/auth/credentials_provider.hpp>
#include <ddbkit/credentials/credentials_network.hpp>
#include <ddbkit/environment.hpp>

#include <memory>
#include <string>

namespace ddbkit {

/// Finds credentials the way the AWS SDKs do, in this order:
///  1. environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY [, AWS_SESSION_TOKEN];
///  2. web identity: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN [+ AWS_ROLE_SESSION_NAME];
///  3. the shared files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/…),
///     profile AWS_PROFILE, AWS_DEFAULT_PROFILE or "default" (see make_profile_provider);
///  4. assume role: AWS_ROLE_ARN [+ AWS_EXTERNAL_ID, AWS_ROLE_SESSION_NAME] without a token
///     file, with source credentials from the links after it (container, then IMDS);
///  5. container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI;
///  6. IMDSv2, unless AWS_EC2_METADATA_DISABLED=true (AWS_EC2_METADATA_SERVICE_ENDPOINT).
/// STS calls use AWS_REGION / AWS_DEFAULT_REGION (else the profile's region) and
/// AWS_ENDPOINT_URL_STS.
///
/// The first link that is *configured* answers, as in the SDKs: an unconfigured link is
/// skipped, but a configured one that fails (a key id without its secret, an AWS_PROFILE
/// profile that is missing or has no credentials, STS refusing the role) is the answer — an error, not a reason to
/// quietly use other credentials. IMDS is the last resort: its failure (e.g. not on EC2)
/// is reported with the list of what was tried. Every link is cached and refreshed before
/// expiry (caching_credentials_provider), once for all concurrent requests.
///
/// No I/O at construction: the links are chosen at the first call (reading the two small
/// files on the calling thread); a choice that worked is kept, an error is not (the next
/// call looks again). Requests that arrive while credentials are fetched or refreshed wait
/// for that one fetch, bounded by the providers' timeouts.
/// Thread safety: async_get_credentials may be called concurrently.
std::shared_ptr<credentials_provider> make_default_credentials_chain(credentials_network net, environment env);

/// Which link of the default chain answers for `env`, chosen exactly as the chain chooses
/// it, from the environment and the shared files (read now), without asking the link for
/// credentials.
struct credentials_source {
  /// "environment (AWS_ACCESS_KEY_ID)", "profile dev (static keys)", "container (…)", …
  std::string description;
  /// False when nothing is configured: only IMDS, the last resort, is left, or nothing at
  /// all when IMDS is disabled (description "none (…)").
  bool configured = false;
};

/// Errors: those the chain would give for a configured link that is broken (a missing
/// AWS_PROFILE profile, a key id without its secret, …).
result<credentials_source> default_credentials_source(const environment& env);

}  // namespace ddbkit

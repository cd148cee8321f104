#pragma once
// Temporary credentials from AWS STS (Query protocol: a form POST, an XML answer).
#include <ddbkit/auth/credentials_provider.hpp>
#include <ddbkit/credentials/credentials_network.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace ddbkit {

/// Where STS is and how long the credentials should last; shared by both STS calls.
struct sts_settings {
  /// Signing region and regional endpoint; empty: us-east-1 and the global endpoint.
  std::string region;
  /// Endpoint URL override (AWS_ENDPOINT_URL_STS); empty for https://sts.<region>.amazonaws.com.
  std::string endpoint;
  /// Empty: "ddbkit-<milliseconds since the epoch>".
  std::string role_session_name;
  std::chrono::seconds duration{3600};
  /// Bound on each STS request.
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};
};

/// sts:AssumeRole of `role_arn` (with `external_id` when not empty), signed (SigV4, service
/// "sts") with the credentials of `source`. Cached and refreshed before expiry.
/// Errors (`credentials`): the source's error; STS's error (Code and Message); a network
/// error or timeout; a response without credentials. Secrets are never in the messages.
std::shared_ptr<credentials_provider> make_assume_role_provider(credentials_network net, std::string role_arn,
                                                                std::string external_id,
                                                                std::shared_ptr<credentials_provider> source,
                                                                sts_settings settings = {});

/// sts:AssumeRoleWithWebIdentity (unsigned) of `role_arn`, with the token read from
/// `token_file` at every refresh (the file is rotated by whoever writes it).
/// Errors as above, plus an unreadable or empty token file.
std::shared_ptr<credentials_provider> make_web_identity_provider(credentials_network net, std::string role_arn,
                                                                 std::string token_file,
                                                                 sts_settings settings = {});

}  // namespace ddbkit

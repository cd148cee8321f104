#pragma once
// Credentials of an EC2 instance's role, from the instance metadata service (IMDSv2).
#include <ddbkit/auth/credentials_provider.hpp>
#include <ddbkit/credentials/credentials_network.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace ddbkit {

struct imds_settings {
  /// AWS_EC2_METADATA_SERVICE_ENDPOINT overrides it.
  std::string endpoint = "http://169.254.169.254";
  /// Bound on each of the three requests, connect included: short, so that the last link
  /// of the chain does not hang off EC2.
  std::chrono::milliseconds timeout{std::chrono::seconds(1)};
};

/// PUT /latest/api/token (X-aws-ec2-metadata-token-ttl-seconds: 21600), then with that
/// token (X-aws-ec2-metadata-token) GET /latest/meta-data/iam/security-credentials/ for
/// the role name and GET …/<role> for {Code: "Success", AccessKeyId, SecretAccessKey,
/// Token, Expiration}. Cached and refreshed before expiry.
/// Errors (`credentials`): network or timeout (not on EC2); a non-200 status; no role; a
/// malformed answer. The token and the secrets are never in the messages.
std::shared_ptr<credentials_provider> make_imds_provider(credentials_network net, imds_settings settings = {});

}  // namespace ddbkit

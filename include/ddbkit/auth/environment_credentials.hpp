#pragma once
#include <ddbkit/auth/credentials.hpp>
#include <ddbkit/environment.hpp>
#include <ddbkit/error.hpp>

#include <optional>

namespace ddbkit {

/// Static credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and (optionally)
/// AWS_SESSION_TOKEN. nullopt when neither key variable is set (not configured); a
/// `credentials` error when only one of the two is set (configured, but broken).
result<std::optional<credentials>> credentials_from_environment(const environment& env);

}  // namespace ddbkit

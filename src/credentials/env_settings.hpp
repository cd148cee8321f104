#pragma once
// Internal: provider settings that come from environment variables.
#include <ddbkit/credentials/imds_credentials.hpp>
#include <ddbkit/credentials/sts_credentials.hpp>
#include <ddbkit/environment.hpp>

#include <optional>

namespace ddbkit::detail {

/// Region (AWS_REGION, AWS_DEFAULT_REGION) and endpoint (AWS_ENDPOINT_URL_STS) of STS.
sts_settings sts_settings_from_env(const environment& env);

/// nullopt when AWS_EC2_METADATA_DISABLED is true; the endpoint from
/// AWS_EC2_METADATA_SERVICE_ENDPOINT when set.
std::optional<imds_settings> imds_settings_from_env(const environment& env);

/// The variable's value, or empty.
std::string env_value(const environment& env, std::string_view name);

}  // namespace ddbkit::detail

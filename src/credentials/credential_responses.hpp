#pragma once
// Internal: the parsers of what the credential services answer, apart from the calls that
// fetch it, so that tests and the fuzz targets feed them bytes directly. Errors name the
// service and the missing field, never a value (the bodies hold secrets).
#include <ddbkit/auth/credentials.hpp>
#include <ddbkit/error.hpp>
#include <ddbkit/http/message.hpp>

#include <string_view>

namespace ddbkit::detail {

/// Credentials from an STS AssumeRole or AssumeRoleWithWebIdentity response (`action`
/// names it in messages), or STS's error (its Code and Message) for any other status.
result<credentials> parse_sts_response(std::string_view action, const http::response& response);

/// Credentials from the JSON body of an SSO GetRoleCredentials response.
result<credentials> parse_sso_role_credentials(std::string_view body);

}  // namespace ddbkit::detail

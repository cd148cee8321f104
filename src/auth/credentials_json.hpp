#pragma once
// Internal: credentials in the JSON shape of credential_process, the container endpoint
// and IMDS. Errors name the source and the missing field, never a value.
#include <ddbkit/auth/credentials.hpp>
#include <ddbkit/error.hpp>

#include <string_view>

namespace ddbkit::detail {

struct credentials_json_format {
  std::string_view source;         ///< for messages, e.g. "credential_process"
  std::string_view token_field;    ///< "SessionToken" or "Token"
  bool require_version_1 = false;  ///< credential_process's "Version": 1
  bool require_code_success = false;  ///< IMDS's "Code": "Success"
};

result<credentials> parse_credentials_json(std::string_view body, const credentials_json_format& format);

}  // namespace ddbkit::detail

#include <ddbkit/auth/environment_credentials.hpp>

namespace ddbkit {

result<std::optional<credentials>> credentials_from_environment(const environment& env) {
  auto key_id = env("AWS_ACCESS_KEY_ID");
  auto secret = env("AWS_SECRET_ACCESS_KEY");
  const bool has_key = key_id && !key_id->empty();
  const bool has_secret = secret && !secret->empty();
  if (!has_key && !has_secret) return std::optional<credentials>();
  if (has_key != has_secret) {
    return fail(error_code::credentials, has_key ? "AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY"
                                                 : "AWS_SECRET_ACCESS_KEY is set without AWS_ACCESS_KEY_ID");
  }
  return std::optional<credentials>(credentials{.access_key_id = std::move(*key_id),
                                                .secret_access_key = secret_string(std::move(*secret)),
                                                .session_token = secret_string(env("AWS_SESSION_TOKEN").value_or("")),
                                                .expiration = std::nullopt});
}

}  // namespace ddbkit

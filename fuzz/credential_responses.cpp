// What the credential services answer: credential_process output, the container endpoint,
// IMDS, STS (XML, success or error status) and SSO GetRoleCredentials. The first byte picks
// the parser; any body gives credentials or a credentials error, and credentials given
// always have a key id and a secret.
#include "fuzz_check.hpp"

#include "auth/credentials_json.hpp"
#include "credentials/credential_responses.hpp"
#include "credentials/xml_text.hpp"

#include <fuzzer/FuzzedDataProvider.h>

using ddbkit::fuzz::check;

namespace {

void check_result(const ddbkit::result<ddbkit::credentials>& got) {
  if (got) {
    check(!got->access_key_id.empty(), "credentials without an access key id");
    check(!got->secret_access_key.empty(), "credentials without a secret");
  } else {
    check(got.error().code() == ddbkit::error_code::credentials, "a bad response is not a credentials error");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const auto parser = input.ConsumeIntegralInRange(0, 6);
  const int status = input.ConsumeBool() ? 200 : input.ConsumeIntegralInRange(100, 599);
  const std::string body = input.ConsumeRemainingBytesAsString();
  using ddbkit::detail::credentials_json_format;
  switch (parser) {
    case 0:
      check_result(ddbkit::detail::parse_credentials_json(
          body, credentials_json_format{.source = "credential_process", .token_field = "SessionToken", .require_version_1 = true}));
      break;
    case 1:
      check_result(ddbkit::detail::parse_credentials_json(body, credentials_json_format{.source = "container", .token_field = "Token"}));
      break;
    case 2:
      check_result(ddbkit::detail::parse_credentials_json(
          body, credentials_json_format{.source = "IMDS", .token_field = "Token", .require_code_success = true}));
      break;
    case 3:
    case 4:
      check_result(ddbkit::detail::parse_sts_response("AssumeRole", ddbkit::http::response{.status = status, .headers = {}, .body = body}));
      break;
    case 5:
      check_result(ddbkit::detail::parse_sso_role_credentials(body));
      break;
    default:
      (void)ddbkit::detail::xml_element_text(body, "Credentials");
      (void)ddbkit::detail::xml_element_inner(body, "Credentials");
      break;
  }
  return 0;
}

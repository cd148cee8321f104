// SigV4 canonicalization of arbitrary methods, paths, queries and headers: signing never
// crashes, is deterministic, and gives the same signature with a cached signing key.
#include "fuzz_check.hpp"

#include <ddbkit/auth/sigv4_signer.hpp>

#include <fuzzer/FuzzedDataProvider.h>

using ddbkit::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const std::string method = input.ConsumeRandomLengthString(16);
  const std::string path = input.ConsumeRandomLengthString(512);
  const std::string query = input.ConsumeRandomLengthString(512);
  ddbkit::sigv4::signable_request request{.method = method, .path = path, .query = query, .headers = {}, .payload = {}};
  for (int i = input.ConsumeIntegralInRange(0, 8); i > 0; --i) {
    std::string name = input.ConsumeRandomLengthString(64);
    std::string value = input.ConsumeRandomLengthString(256);
    request.headers.emplace_back(std::move(name), std::move(value));
  }
  const std::string payload = input.ConsumeRemainingBytesAsString();
  request.payload = payload;

  const ddbkit::credentials creds{.access_key_id = "AKIDEXAMPLE",
                                  .secret_access_key = ddbkit::secret_string("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                                  .session_token = ddbkit::secret_string("token"),
                                  .expiration = std::nullopt};
  const ddbkit::sigv4::signing_scope scope{.region = "us-east-1",
                                           .service = "dynamodb",
                                           .time = std::chrono::system_clock::time_point(std::chrono::seconds(1440938160))};
  const auto first = ddbkit::sigv4::sign(request, creds, scope);
  const auto second = ddbkit::sigv4::sign(request, creds, scope);
  check(first.authorization == second.authorization, "signing is not deterministic");
  check(first.canonical_request.starts_with(method + "\n"), "the canonical request does not start with the method");
  ddbkit::sigv4::signing_key_cache cache;
  const auto cached = ddbkit::sigv4::sign(request, creds, scope, cache);
  check(cached.authorization == first.authorization, "a cached signing key signs differently");
  return 0;
}

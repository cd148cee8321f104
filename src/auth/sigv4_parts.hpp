#pragma once
// Internal: the pieces of a SigV4 signature, for code that writes a request's canonical
// form itself instead of handing sign() a signable_request (the client's request writer):
// SHA-256 over scattered text, the X-Amz-Date text, and the HMAC under a cached key.
#include <ddbkit/auth/credentials.hpp>
#include <ddbkit/auth/sigv4_signer.hpp>

#include <array>
#include <chrono>
#include <initializer_list>
#include <string_view>

namespace ddbkit::sigv4::detail {

using digest = std::array<unsigned char, 32>;

/// SHA-256 of the concatenation of `parts`, without joining them.
digest sha256_of(std::initializer_list<std::string_view> parts);

/// Length of an X-Amz-Date text, "YYYYMMDDTHHMMSSZ".
inline constexpr std::size_t amz_date_size = 16;

/// Writes the X-Amz-Date text of `time` (UTC) to `to` (amz_date_size characters).
void write_amz_date(char* to, std::chrono::system_clock::time_point time);

/// HMAC-SHA256 of `string_to_sign` under the signing key of `creds` for `date` ("YYYYMMDD")
/// and `credential_scope` ("date/region/service/aws4_request"), which `scope` names: taken
/// from `cache`, derived into it when it holds another.
digest cached_signature(signing_key_cache& cache, const credentials& creds, const signing_scope& scope,
                        std::string_view date, std::string_view credential_scope, std::string_view string_to_sign);

}  // namespace ddbkit::sigv4::detail

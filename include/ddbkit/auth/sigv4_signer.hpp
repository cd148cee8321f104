#pragma once
// AWS Signature Version 4, as a pure function: no clock, no I/O.
#include <ddbkit/auth/credentials.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ddbkit::sigv4 {

namespace detail {
struct signing_key_access;  // ddbkit's own request writer signs through the cache too
}

/// The parts of an HTTP request that are signed.
struct signable_request {
  std::string_view method;        ///< "POST"
  std::string_view path;          ///< "/" — the raw (already percent-encoded) path
  std::string_view query;         ///< raw query string without '?', may be empty
  /// Headers as sent, Host included (name, value); X-Amz-Date and the security token
  /// are added by sign() and must not be here.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view payload;
};

struct signing_scope {
  std::string_view region;                 ///< "us-east-1"
  std::string_view service = "dynamodb";
  std::chrono::system_clock::time_point time;
  /// Remove dot segments and duplicate slashes from the path (every service but S3).
  bool normalize_path = true;
  /// Sign (and send) x-amz-content-sha256 with the payload hash.
  bool sign_body = false;
  /// Leave the session token out of the signature (it is still returned, to be sent):
  /// the convention of a few services; never DynamoDB's.
  bool omit_session_token = false;
};

/// What sign() produces: the headers to add, and the intermediate strings that AWS's test
/// suite checks.
struct signature {
  std::string amz_date;         ///< X-Amz-Date value, e.g. "20150830T123600Z"
  std::string authorization;    ///< Authorization header value
  std::string security_token;   ///< X-Amz-Security-Token value, empty when none
  std::string content_sha256;   ///< X-Amz-Content-Sha256 value when sign_body, else empty
  std::string canonical_request;
  std::string string_to_sign;
};

/// Signs `req` with `creds` for `scope`. The session token, when present, is signed as
/// the X-Amz-Security-Token header (the caller must send it).
signature sign(const signable_request& req, const credentials& creds, const signing_scope& scope);

/// Remembers the signing key SigV4 derives from a secret, a day, a region and a service
/// (four HMACs, the same for every request of that day): a client that signs many
/// requests derives it once a day, or when its credentials rotate, instead of per request.
/// It holds the key (as its HMAC states) and the secret it came from (to notice a
/// rotation); both are wiped when replaced or destroyed and never printed.
/// Thread safety: all members may be called concurrently.
class signing_key_cache {
 public:
  signing_key_cache();
  signing_key_cache(const signing_key_cache&) = delete;
  signing_key_cache& operator=(const signing_key_cache&) = delete;
  ~signing_key_cache();

  /// How many keys were derived because none matched: tests and metrics read it.
  std::uint64_t derivations() const;

 private:
  friend struct detail::signing_key_access;
  struct prepared_key;  ///< the key's HMAC states, ready for each string to sign

  mutable std::mutex mutex_;
  secret_string secret_;
  std::string credential_scope_;  ///< "date/region/service/aws4_request"
  std::shared_ptr<const prepared_key> prepared_;
  bool valid_ = false;
  std::uint64_t derivations_ = 0;
};

/// sign(), taking the signing key from `cache` when it holds the one `creds` and `scope`
/// need. The signature is identical to the uncached one.
signature sign(const signable_request& req, const credentials& creds, const signing_scope& scope,
               signing_key_cache& cache);

/// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace ddbkit::sigv4

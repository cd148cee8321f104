#pragma once
// AWS Signature Version 4, as a pure function: no clock, no I/O.
#include <ddbkit/auth/credentials.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ddbkit::sigv4 {

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

/// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace ddbkit::sigv4

#pragma once
#include <ddbkit/auth/secret_string.hpp>

#include <chrono>
#include <iosfwd>
#include <optional>
#include <string>

namespace ddbkit {

/// AWS credentials. Printing shows the access key id only; the secret and token never.
struct credentials {
  std::string access_key_id;
  secret_string secret_access_key;
  secret_string session_token;  ///< empty for long-term keys
  /// When temporary credentials stop working; empty for long-term keys.
  std::optional<std::chrono::system_clock::time_point> expiration;

  friend bool operator==(const credentials&, const credentials&) = default;
};

std::ostream& operator<<(std::ostream& os, const credentials& c);

}  // namespace ddbkit

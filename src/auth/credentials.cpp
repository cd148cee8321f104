#include <ddbkit/auth/credentials.hpp>

#include <ostream>

namespace ddbkit {

std::ostream& operator<<(std::ostream& os, const credentials& c) {
  os << "credentials{access_key_id=" << c.access_key_id << ", secret=" << c.secret_access_key
     << ", session_token=" << (c.session_token.empty() ? "none" : "****");
  if (c.expiration) {
    os << ", expires=" << std::chrono::duration_cast<std::chrono::seconds>(c.expiration->time_since_epoch()).count();
  }
  return os << "}";
}

}  // namespace ddbkit

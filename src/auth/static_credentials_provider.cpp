#include <ddbkit/auth/credentials_provider.hpp>

#include "auth/complete_handler.hpp"

namespace ddbkit {

void static_credentials_provider::async_get_credentials(handler h) {
  detail::complete(std::move(h), credentials_);
}

}  // namespace ddbkit

#include <ddbkit/auth/credentials_provider.hpp>

#include "async/complete.hpp"

namespace ddbkit {

void static_credentials_provider::async_get_credentials(handler h) {
  detail::complete_now<result<credentials>>(std::move(h), *credentials_);
}

}  // namespace ddbkit

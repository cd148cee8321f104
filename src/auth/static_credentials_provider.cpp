#include <ddbkit/auth/credentials_provider.hpp>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/system_executor.hpp>

namespace ddbkit {

void static_credentials_provider::async_get_credentials(handler h) {
  // Boost 1.81's any_completion_executor cannot be posted to; dispatch runs the handler
  // on its own executor (inline when the caller is already there, which callers expect).
  auto ex = boost::asio::get_associated_executor(h, boost::asio::system_executor());
  boost::asio::dispatch(ex, [h = std::move(h), c = credentials_]() mutable {
    std::move(h)(result<credentials>(std::move(c)));
  });
}

}  // namespace ddbkit

#pragma once
// Internal: completing a credentials_provider handler on the executor it asked for.
#include <ddbkit/auth/credentials_provider.hpp>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/system_executor.hpp>

namespace ddbkit::detail {

/// Boost 1.81's any_completion_executor cannot be posted to; dispatch runs the handler on
/// its own executor (inline when the caller is already there, or when it has none).
inline void complete(credentials_provider::handler h, result<credentials> r) {
  auto ex = boost::asio::get_associated_executor(h, boost::asio::system_executor());
  boost::asio::dispatch(ex, [h = std::move(h), r = std::move(r)]() mutable { std::move(h)(std::move(r)); });
}

}  // namespace ddbkit::detail

#pragma once
// Internal: co_await an operation whose initiation takes an any_completion_handler.
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace ddbkit::detail {

/// `co_await await_handler<T>([&](auto h) { provider.async_get(std::move(h)); })`.
/// The awaiting coroutine's cancellation slot travels with the handler; an initiation that
/// completes the handler at once resumes the coroutine at once.
template <class T, class Initiate>
boost::asio::awaitable<T> await_handler(Initiate initiate) {
  co_return co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(T)>(
      [&initiate](auto handler) {
        initiate(boost::asio::any_completion_handler<void(T)>(std::move(handler)));
      },
      boost::asio::use_awaitable);
}

}  // namespace ddbkit::detail

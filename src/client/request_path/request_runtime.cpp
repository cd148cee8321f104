#include "client/request_path/request_runtime.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>
#include <thread>

namespace ddbkit::detail {

namespace asio = boost::asio;

asio::awaitable<bool> timer_sleep(std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec;
}

asio::awaitable<bool> thread_sleep(std::chrono::milliseconds delay) {
  std::this_thread::sleep_for(delay);
  co_return true;
}

asio::awaitable<bool> callback_sleep(const std::function<void(std::chrono::milliseconds, std::function<void()>)>& sleeper,
                                     std::chrono::milliseconds delay) {
  auto executor = co_await asio::this_coro::executor;
  co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
      [&](auto handler) {
        // std::function needs a copyable callback; the handler is move-only.
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        sleeper(delay, [shared, executor]() mutable {
          // The sleeper may call back from any thread, even inline: resume through the
          // coroutine's executor, never inside the initiation.
          asio::post(executor, std::move(*shared));
        });
      },
      asio::use_awaitable);
  co_return true;
}

}  // namespace ddbkit::detail

#include "client/request_path/request_runtime.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>
#include <string>
#include <thread>

namespace ddbkit::detail {

namespace asio = boost::asio;

asio::awaitable<bool> cancellation_requested() {
  const auto state = co_await asio::this_coro::cancellation_state;
  co_return state.cancelled() != asio::cancellation_type::none;
}

asio::awaitable<bool> sleep_unless_canceled(const request_runtime& runtime, std::chrono::milliseconds delay) {
  const bool slept = co_await runtime.sleep(delay);
  if (!slept) co_return false;
  const bool canceled = co_await cancellation_requested();
  co_return !canceled;
}

asio::awaitable<hold_outcome> hold_back(const request_runtime& runtime, std::chrono::nanoseconds wait,
                                        std::chrono::steady_clock::time_point now,
                                        std::chrono::steady_clock::time_point deadline) {
  if (wait <= std::chrono::nanoseconds(0)) co_return hold_outcome::go;
  if (now + wait >= deadline) co_return hold_outcome::past_deadline;
  const bool slept = co_await sleep_unless_canceled(runtime, std::chrono::ceil<std::chrono::milliseconds>(wait));
  co_return slept ? hold_outcome::go : hold_outcome::canceled;
}

error held_back_error(hold_outcome outcome, std::string_view holder) {
  if (outcome == hold_outcome::canceled) {
    return error(error_code::canceled, "canceled while " + std::string(holder) + " held the request");
  }
  return error(error_code::timeout, "the call's timeout runs out while " + std::string(holder) + " holds the request");
}

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

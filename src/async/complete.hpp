#pragma once
// Internal: delivering a result to a completion handler on the executor it asked for.
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/system_executor.hpp>

#include <utility>

namespace ddbkit::detail {

/// Runs `h(value)` on h's associated executor: inline when the caller already runs there
/// (or h has none). Boost 1.81's any_completion_executor can only be dispatched to.
template <class T>
void complete_now(boost::asio::any_completion_handler<void(T)> h, T value) {
  auto ex = boost::asio::get_associated_executor(h, boost::asio::system_executor());
  boost::asio::dispatch(ex, [h = std::move(h), value = std::move(value)]() mutable { std::move(h)(std::move(value)); });
}

/// Runs `h(value)` on h's associated executor (`fallback` when it has none), never inside
/// the caller: first through `via` (post), then dispatched to the handler's executor. For
/// operations that must not complete inside their initiation.
template <class T, class Executor>
void complete_later(const Executor& via, boost::asio::any_completion_handler<void(T)> h, T value) {
  boost::asio::post(via, [via, h = std::move(h), value = std::move(value)]() mutable {
    auto ex = boost::asio::get_associated_executor(h, via);
    boost::asio::dispatch(ex, [h = std::move(h), value = std::move(value)]() mutable { std::move(h)(std::move(value)); });
  });
}

}  // namespace ddbkit::detail

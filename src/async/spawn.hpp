#pragma once
// Internal: running a coroutine that produces a result<T> and handing the result to a
// completion handler, with the handler's executor and cancellation slot honoured.
#include <ddbkit/error.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>

#include <exception>
#include <string>

#include "async/completion_target.hpp"

namespace ddbkit::detail {

/// An exception that escaped a coroutine, as an error of `code` (never a normal path:
/// allocation failure and the like).
inline error error_from_exception(std::exception_ptr e, error_code code, std::string_view what) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return error(code, std::string(what) + ": " + ex.what());
  } catch (...) {
    return error(code, std::string(what));
  }
}

struct nothing_after {
  void operator()() const noexcept {}
};

/// Runs `work` on `executor` and completes `handler` with its result on `target.executor`;
/// `target.slot` reaches the coroutine. An escaping exception becomes an error of
/// `on_exception`. `after()` runs once the handler has returned, on the same thread.
template <class T, class After = nothing_after>
void spawn_result(const boost::asio::any_io_executor& executor, boost::asio::awaitable<result<T>> work,
                  completion_target target, boost::asio::any_completion_handler<void(result<T>)> handler,
                  error_code on_exception = error_code::unknown, After after = {}) {
  auto deliver = [h = std::move(handler), on_exception, after = std::move(after)](std::exception_ptr e,
                                                                                   result<T> r) mutable {
    if (e) r = std::unexpected(error_from_exception(e, on_exception, "internal error"));
    std::move(h)(std::move(r));
    after();
  };
  boost::asio::co_spawn(executor, std::move(work), bound_to(std::move(target), std::move(deliver)));
}

/// As above, with the handler's own executor (default: `executor`) and cancellation slot.
template <class T, class After = nothing_after>
void spawn_result(const boost::asio::any_io_executor& executor, boost::asio::awaitable<result<T>> work,
                  boost::asio::any_completion_handler<void(result<T>)> handler,
                  error_code on_exception = error_code::unknown, After after = {}) {
  auto target = target_of_handler(handler, executor);
  spawn_result<T>(executor, std::move(work), std::move(target), std::move(handler), on_exception, std::move(after));
}

}  // namespace ddbkit::detail

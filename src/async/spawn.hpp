#pragma once
// Internal: running a coroutine that produces a result<T> and handing the result to a
// completion handler, with the handler's executor and cancellation slot honoured.
#include <ddbkit/error.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>

#include <exception>
#include <string>

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

/// Runs `work` on `executor` and completes `handler` with its result on the handler's
/// associated executor (default: `executor`); the handler's cancellation slot reaches the
/// coroutine. An escaping exception becomes an error of `on_exception`. `after()` runs
/// once the handler has returned, on the same thread.
template <class T, class After = nothing_after>
void spawn_result(const boost::asio::any_io_executor& executor, boost::asio::awaitable<result<T>> work,
                  boost::asio::any_completion_handler<void(result<T>)> handler,
                  error_code on_exception = error_code::unknown, After after = {}) {
  auto handler_executor = boost::asio::get_associated_executor(handler, executor);
  auto slot = boost::asio::get_associated_cancellation_slot(handler);
  boost::asio::co_spawn(
      executor, std::move(work),
      boost::asio::bind_cancellation_slot(
          slot, boost::asio::bind_executor(handler_executor, [h = std::move(handler), on_exception, after](
                                                                 std::exception_ptr e, result<T> r) mutable {
            if (e) r = std::unexpected(error_from_exception(e, on_exception, "internal error"));
            std::move(h)(std::move(r));
            after();
          })));
}

}  // namespace ddbkit::detail

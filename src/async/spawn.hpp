#pragma once
// Internal: running a coroutine that produces a result<T> and handing the result to a
// completion handler, with the handler's executor and cancellation slot honoured.
#include <ddbkit/error.hpp>

#include <boost/asio/any_completion_executor.hpp>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

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

/// Where a result goes: the executor its handler runs on and the cancellation slot that
/// reaches the work. Taken from the caller's handler once, so that a handler wrapping it (a
/// typed result made from an untyped one) needs no binding and no second look-up.
struct completion_target {
  boost::asio::any_completion_executor executor;
  boost::asio::cancellation_slot slot;
};

/// `ex` with its executor stored inline. A type-erased handler's executor is usually an
/// io_context's executor that came through an any_io_executor: converted between erased
/// types, it stays in the heap storage they share, and every copy (co_spawn takes nine a
/// call) counts a shared reference. An io_context's executor or strand, wrapped afresh, is
/// stored inline.
inline boost::asio::any_completion_executor stored_inline(boost::asio::any_completion_executor ex) {
  using io_executor = boost::asio::io_context::executor_type;
  if (const auto* plain = ex.target<io_executor>()) return boost::asio::any_completion_executor(*plain);
  if (const auto* strand = ex.target<boost::asio::strand<io_executor>>()) {
    return boost::asio::any_completion_executor(*strand);
  }
  return ex;
}

/// The completion target of `handler`: its associated executor (default: `fallback`) and
/// cancellation slot.
template <class Handler>
completion_target target_of_handler(const Handler& handler, const boost::asio::any_io_executor& fallback) {
  return {stored_inline(boost::asio::get_associated_executor(handler, fallback)),
          boost::asio::get_associated_cancellation_slot(handler)};
}

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
  boost::asio::co_spawn(executor, std::move(work),
                        boost::asio::bind_cancellation_slot(
                            target.slot, boost::asio::bind_executor(std::move(target.executor), std::move(deliver))));
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

#pragma once
// Internal: how a blocking call runs on the thread that makes it. The request path's
// coroutine runs on a private io_context of that thread (it never touches a reactor, so
// running it costs no system call), and the HTTP client's blocking pool does the I/O:
// no hand-off to the client's I/O thread and back.
#include <ddbkit/error.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <optional>
#include <string>

namespace ddbkit::detail {

/// The calling thread's private io_context, created on first use. A call made while the
/// thread already runs it (an observer making a blocking call of another client) gets a
/// fresh one, since an io_context cannot be run from inside its own handler.
class calling_thread_context {
 public:
  calling_thread_context();
  ~calling_thread_context();
  calling_thread_context(const calling_thread_context&) = delete;
  calling_thread_context& operator=(const calling_thread_context&) = delete;
  boost::asio::io_context& get() noexcept { return *context_; }

 private:
  boost::asio::io_context* context_;
  std::optional<boost::asio::io_context> nested_;
};

/// Runs `work` to completion on the calling thread and returns its result. Completions
/// that arrive from other threads (a credentials refresh through the client's I/O thread,
/// an injected sleeper) are waited for.
template <class T>
result<T> run_on_calling_thread(boost::asio::awaitable<result<T>> work) {
  calling_thread_context scope;
  auto& context = scope.get();
  std::optional<result<T>> out;
  auto guard = boost::asio::make_work_guard(context);
  boost::asio::co_spawn(context, std::move(work), [&](std::exception_ptr e, result<T> r) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        r = fail(error_code::unknown, std::string("internal error: ") + ex.what());
      } catch (...) {
        r = fail(error_code::unknown, "internal error");
      }
    }
    out = std::move(r);
    guard.reset();
  });
  context.run();
  context.restart();
  return std::move(*out);
}

}  // namespace ddbkit::detail

#pragma once
// Internal: an io_context with threads of its own (a client's own I/O, the test kit's
// proxy). Destroying it lets the work in flight finish, then joins the threads.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <thread>
#include <vector>

namespace ddbkit::detail {

/// Thread safety: runs_this_thread() may be called from any thread.
class io_threads {
 public:
  explicit io_threads(int threads)
      : context_(std::max(1, threads)), work_(boost::asio::make_work_guard(context_)) {
    for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { context_.run(); });
  }
  ~io_threads() { join(); }
  io_threads(const io_threads&) = delete;
  io_threads& operator=(const io_threads&) = delete;

  boost::asio::io_context& context() noexcept { return context_; }
  /// Ends the threads once the current handlers return, whatever work is left.
  void stop() { context_.stop(); }
  /// Lets the threads finish the work left (or stop()), and waits for them. Idempotent.
  void join() {
    work_.reset();
    for (auto& t : threads_) {
      if (!t.joinable()) continue;
      // Called from one of its own handlers: that thread cannot join itself.
      if (t.get_id() == std::this_thread::get_id()) t.detach(); else t.join();
    }
  }
  bool runs_this_thread() const noexcept {
    return std::any_of(threads_.begin(), threads_.end(),
                       [](const std::thread& t) { return t.get_id() == std::this_thread::get_id(); });
  }

 private:
  boost::asio::io_context context_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::vector<std::thread> threads_;
};

}  // namespace ddbkit::detail

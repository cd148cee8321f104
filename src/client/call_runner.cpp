#include "client/call_runner.hpp"

#include <boost/asio/this_coro.hpp>

#include <future>

namespace ddbkit::detail {

boost::asio::awaitable<result<void>> run_call(std::shared_ptr<client_core> core, request_path& path, call_state call) {
  (void)core;
  // Cancellation is an outcome of the call (`canceled`), never an exception: Asio would
  // otherwise throw from the first co_await after the caller's signal (a retry after a
  // wait the signal missed, or co_spawn's own completion), and the call would end as an
  // `unknown` internal error, or the exception would leave the executor's run(). The
  // stages look at the cancellation state where it matters (after every failure and wait).
  co_await boost::asio::this_coro::throw_if_cancelled(false);
  co_return co_await path.run(call);
}

void start_call(const std::shared_ptr<client_core>& core, call_state&& call,
                boost::asio::any_completion_handler<void(result<void>)> done) {
  auto target = target_of_handler(done, core->call_executor());
  start_call(core, std::move(call), std::move(target), std::move(done));
}

void start_call(const std::shared_ptr<client_core>& core, call_state&& call, completion_target target,
                boost::asio::any_completion_handler<void(result<void>)> done) {
  spawn_calls<void>(core, run_call(core, core->async_path(), std::move(call)), std::move(target), std::move(done));
}

result<void> run_call_here(const std::shared_ptr<client_core>& core, call_state&& call) {
  if (auto* path = core->blocking_path()) return path->run_here(call);
  // A transport given to the client completes on the client's executor: wait for it there.
  std::promise<result<void>> promise;
  auto future = promise.get_future();
  start_call(core, std::move(call), [&promise](result<void> r) { promise.set_value(std::move(r)); });
  return future.get();
}

}  // namespace ddbkit::detail

#include "client/call_runner.hpp"

#include "async/complete.hpp"
#include "async/completion_target.hpp"

#include <boost/asio/dispatch.hpp>
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

namespace {

/// A call that request_path::start() began: what it needs until it ends, kept by the
/// handler that waits for its first request.
struct direct_call {
  std::shared_ptr<client_core> core;
  call_state call;
  completion_target target;
  boost::asio::any_completion_handler<void(result<void>)> done;
};

/// The rest of a direct call, through the stages, as run_call() runs a whole one.
boost::asio::awaitable<result<void>> continue_call(std::shared_ptr<direct_call> st,
                                                   std::optional<attempt_outcome> first) {
  co_await boost::asio::this_coro::throw_if_cancelled(false);
  auto rest = st->core->async_path().continue_from(st->call, first ? &*first : nullptr);
  auto outcome = co_await std::move(rest);
  co_return outcome;
}

/// Where a direct call goes once its first request is answered (or was not made).
void go_on(std::shared_ptr<direct_call> st, direct_start started) {
  if (!started.ended) {
    auto core = st->core;
    auto target = st->target;
    auto done = std::move(st->done);
    spawn_calls<void>(core, continue_call(std::move(st), std::move(started.first)), std::move(target),
                      std::move(done));
    return;
  }
  // As spawn_calls delivers: on the caller's executor, never from within the initiating
  // function (an answer that came through the transport may be handed over at once). No
  // connection to settle: the HTTP client's async_send stops an idle connection's timer itself.
  if (started.ended_at_once) {
    complete_later<result<void>>(st->core->call_executor(), std::move(st->done), std::move(*started.ended));
    return;
  }
  boost::asio::dispatch(st->target.executor, [st, outcome = std::move(*started.ended)]() mutable {
    std::move(st->done)(std::move(outcome));
  });
}

}  // namespace

void start_call(const std::shared_ptr<client_core>& core, call_state&& call, completion_target target,
                boost::asio::any_completion_handler<void(result<void>)> done) {
  if (!core->starts_directly(call)) {
    spawn_calls<void>(core, run_call(core, core->async_path(), std::move(call)), std::move(target), std::move(done));
    return;
  }
  auto st = std::make_shared<direct_call>(
      direct_call{.core = core, .call = std::move(call), .target = std::move(target), .done = std::move(done)});
  auto& path = core->async_path();
  auto& started_call = st->call;
  auto answer_to = st->target;
  path.start(started_call, bound_to(std::move(answer_to), [st = std::move(st)](direct_start started) mutable {
               go_on(std::move(st), std::move(started));
             }));
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

#pragma once
// Internal: running one call through a request path, typed only by its result. The
// per-operation templates (client_operations.cpp) stay thin: they serialize, build the
// call with a decoder for their output, and hand it here; everything that is a coroutine
// is compiled once.
#include "async/spawn.hpp"
#include "client/client_core.hpp"
#include "client/request_path/call_state.hpp"

#include <ddbkit/error.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>

namespace ddbkit::detail {

/// Runs `call` on `path`. `core` keeps the path alive while the call runs.
boost::asio::awaitable<result<void>> run_call(std::shared_ptr<client_core> core, request_path& path, call_state call);

/// Runs `work`, which makes calls on the client's async path, where those calls must run
/// (client_core::call_executor()), and completes `handler` as spawn_result does; then
/// settles the connections the calls used.
template <class T>
void spawn_calls(const std::shared_ptr<client_core>& core, boost::asio::awaitable<result<T>> work,
                 boost::asio::any_completion_handler<void(result<T>)> handler) {
  auto target = target_of_handler(handler, core->call_executor());
  spawn_calls<T>(core, std::move(work), std::move(target), std::move(handler));
}

/// As above, completing `handler` on `target` (a handler's, taken apart beforehand).
template <class T>
void spawn_calls(const std::shared_ptr<client_core>& core, boost::asio::awaitable<result<T>> work,
                 completion_target target, boost::asio::any_completion_handler<void(result<T>)> handler) {
  // `core = core`, not `[core]`: a plain capture of a const reference is a const member,
  // copied (an atomic count each time) on each of the nine moves co_spawn makes of it.
  spawn_result<T>(core->call_executor(), std::move(work), std::move(target), std::move(handler), error_code::unknown,
                  [core = core] { core->settle_connections(); });
}

/// Runs `call` on the client's async path and completes `done` on its associated executor
/// (default: the client's); done's cancellation slot reaches the call. A call that
/// client_core::starts_directly() allows makes its first request without a coroutine
/// (request_path::start) and goes through the stages only if that request did not end it.
void start_call(const std::shared_ptr<client_core>& core, call_state&& call,
                boost::asio::any_completion_handler<void(result<void>)> done);

/// As above, completing `done` on `target` (the executor and cancellation slot of the
/// caller's handler, which `done` wraps).
void start_call(const std::shared_ptr<client_core>& core, call_state&& call, completion_target target,
                boost::asio::any_completion_handler<void(result<void>)> done);

/// Runs `call` on the calling thread (the blocking path), or — for a client whose
/// transport was given to it — on the client's executor, waiting for it.
result<void> run_call_here(const std::shared_ptr<client_core>& core, call_state&& call);

}  // namespace ddbkit::detail

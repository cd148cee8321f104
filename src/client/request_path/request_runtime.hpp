#pragma once
// Internal: time, waiting and randomness for the request path's stages. Every stage takes
// them from here, never from std::chrono or its own timer, so tests replace them all.
#include <boost/asio/awaitable.hpp>

#include <ddbkit/error.hpp>

#include <chrono>
#include <functional>
#include <string_view>

namespace ddbkit::detail {

struct request_runtime {
  /// The signing time.
  std::function<std::chrono::system_clock::time_point()> wall_clock;
  /// Deadlines, latencies, the circuit breaker and the rate limiter.
  std::function<std::chrono::steady_clock::time_point()> steady_clock;
  /// Uniform in [0, 1), for backoff jitter. Thread-safe.
  std::function<double()> random;
  /// Waits `delay`; completes with false when the call was canceled meanwhile.
  std::function<boost::asio::awaitable<bool>(std::chrono::milliseconds delay)> sleep;
};

/// Waits `delay` on `runtime`'s sleep. False when the call was canceled during the wait, or
/// as it ended (the timer fired, and the caller asked to stop before the coroutine went on):
/// whoever waits sends nothing after that. Every wait of the request path goes through it.
boost::asio::awaitable<bool> sleep_unless_canceled(const request_runtime& runtime, std::chrono::milliseconds delay);

/// Whether the awaiting coroutine's caller asked it to stop (any cancellation its slot let
/// through).
boost::asio::awaitable<bool> cancellation_requested();

/// How holding a request back ended.
enum class hold_outcome { go, past_deadline, canceled };

/// Holds a request back for `wait` before it is sent: `past_deadline` (nothing waited) when
/// the wait would pass `deadline`, `canceled` when the call was canceled meanwhile.
/// (A trivial result: GCC 12 has miscompiled coroutines that return an optional error.)
boost::asio::awaitable<hold_outcome> hold_back(const request_runtime& runtime, std::chrono::nanoseconds wait,
                                               std::chrono::steady_clock::time_point now,
                                               std::chrono::steady_clock::time_point deadline);

/// The error of a request that `holder` (e.g. "the capacity budget") held back and that
/// was not sent: `timeout` or `canceled`.
error held_back_error(hold_outcome outcome, std::string_view holder);

/// A sleep on an Asio timer of the awaiting coroutine's executor; honours the
/// coroutine's cancellation.
boost::asio::awaitable<bool> timer_sleep(std::chrono::milliseconds delay);

/// A sleep that blocks the calling thread (the blocking request path, which owns its
/// thread for the call).
boost::asio::awaitable<bool> thread_sleep(std::chrono::milliseconds delay);

/// A sleep through a callback-style sleeper (client_options::sleeper), resumed on the
/// awaiting coroutine's executor.
boost::asio::awaitable<bool> callback_sleep(
    const std::function<void(std::chrono::milliseconds, std::function<void()>)>& sleeper,
    std::chrono::milliseconds delay);

}  // namespace ddbkit::detail

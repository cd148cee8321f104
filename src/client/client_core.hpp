#pragma once
// Internal: the state every call of a client shares, and the request paths built on it.
#include <ddbkit/auth/sigv4_signer.hpp>
#include <ddbkit/call_options.hpp>
#include <ddbkit/client_options.hpp>
#include <ddbkit/error.hpp>
#include <ddbkit/http/http_client.hpp>
#include <ddbkit/http/transport.hpp>
#include <ddbkit/retry/adaptive_rate_limiter.hpp>
#include <ddbkit/retry/circuit_breaker.hpp>
#include <ddbkit/retry/retry_quota.hpp>

#include "client/calling_thread.hpp"
#include "client/request_path/request_path.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>

namespace ddbkit {

/// Shared by the client object and every call in flight (each holds a shared_ptr), so a
/// call outlives the client that started it. Options are immutable after construction;
/// the retry state (quota, limiter, breaker, random generator) locks internally.
/// Thread-safe.
class client_core {
 public:
  client_core(boost::asio::any_io_executor executor, client_options options, http::endpoint endpoint,
              std::shared_ptr<http::transport> transport, http::http_client* own_http);
  client_core(const client_core&) = delete;
  client_core& operator=(const client_core&) = delete;

  const client_options& options() const noexcept { return options_; }
  const boost::asio::any_io_executor& executor() const noexcept { return executor_; }
  /// Where async calls run: the strand of the client's own HTTP client (the async path
  /// awaits its exchanges in the call's coroutine), else the client's executor.
  const boost::asio::any_io_executor& call_executor() const noexcept { return call_executor_; }
  /// The observers of client_options (and on_attempt as one more).
  const detail::observer_list& observers() const noexcept { return observers_; }
  /// Whether requests that leave ReturnConsumedCapacity unset ask for INDEXES: an
  /// observer wants consumed capacity, or a capacity budget is set.
  bool asks_consumed_capacity() const noexcept { return asks_consumed_capacity_; }
  /// Whether calls need their tables named: observers, or a capacity budget.
  bool names_tables() const noexcept { return !observers_.empty() || options_.capacity_budget != nullptr; }

  /// The chain for calls that run on the client's executor.
  detail::request_path& async_path() noexcept { return *async_path_; }
  /// Whether an async `call` may make its first request without the stages' coroutines
  /// (request_path::start): nothing in its path waits or tells anyone, and the client's
  /// own HTTP client, which may be called from any thread, carries it.
  bool starts_directly(const detail::call_state& call) const {
    return own_http_ != nullptr && async_path_->direct(call);
  }
  /// The chain for blocking calls that run on the calling thread; null when the client
  /// sends through a transport it was given (those calls then wait for the async path).
  detail::request_path* blocking_path() noexcept { return blocking_path_.get(); }

  /// A fresh call with the client's settings and `opts`: policy, timeouts, id.
  detail::call_state new_call(std::string_view operation, const call_options& opts);

  /// A fresh ClientRequestToken: a random UUID v4 (36 characters).
  std::string new_client_request_token();

  /// Closes pooled idle connections of the client's own HTTP client (if it has one).
  void close_idle();

  /// After async calls on call_executor() have completed to their callers: lets the
  /// client's own HTTP client stop the timers of connections left idle
  /// (http_client_access::settle). Any thread.
  void settle_connections();

 private:
  double draw_random();
  /// Clocks, randomness and the sleep of the async path (a timer) or of the blocking one
  /// (the calling thread sleeps); an injected sleeper replaces either.
  detail::request_runtime make_runtime(bool blocking);

  boost::asio::any_io_executor executor_;
  boost::asio::any_io_executor call_executor_;
  client_options options_;
  detail::signing_target target_;
  std::shared_ptr<http::transport> transport_;
  http::http_client* own_http_;  // == transport_.get() when the client made its own, else null

  std::optional<retry::retry_quota> quota_;              // when options_.retry.retry_quota
  std::optional<retry::adaptive_rate_limiter> limiter_;  // when options_.retry.adaptive
  retry::circuit_breaker breaker_;
  sigv4::signing_key_cache signing_keys_;
  detail::observer_list observers_;
  bool asks_consumed_capacity_ = false;
  bool keeps_bodies_ = false;  // an observer wants the bodies
  std::atomic<std::uint64_t> next_call_id_{0};
  std::mutex random_mutex_;
  std::mt19937_64 random_engine_;

  std::unique_ptr<detail::request_path> async_path_;
  std::unique_ptr<detail::request_path> blocking_path_;
};

}  // namespace ddbkit

#pragma once
// Internal: the state every call shares, and the wire call (sign, send, map the response)
// inside the retry loop (backoff, retry quota, adaptive rate limiter, circuit breaker).
#include <ddbkit/auth/sigv4_signer.hpp>
#include <ddbkit/call_options.hpp>
#include <ddbkit/client_options.hpp>
#include <ddbkit/error.hpp>
#include <ddbkit/http/endpoint.hpp>
#include <ddbkit/http/http_client.hpp>
#include <ddbkit/http/transport.hpp>
#include <ddbkit/retry/adaptive_rate_limiter.hpp>
#include <ddbkit/retry/circuit_breaker.hpp>
#include <ddbkit/retry/retry_quota.hpp>

#include "client/call_target.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>

namespace ddbkit {

/// Shared by the client object and every call in flight (each holds a shared_ptr), so a
/// call outlives the client that started it. Options are immutable after construction;
/// the retry state (quota, limiter, breakers, random generator) is internally locked.
/// Thread-safe.
class client_core {
 public:
  client_core(boost::asio::any_io_executor executor, client_options options,
              http::endpoint endpoint, std::shared_ptr<http::transport> transport,
              http::http_client* own_http);

  const client_options& options() const noexcept { return options_; }
  const boost::asio::any_io_executor& executor() const noexcept { return executor_; }

  /// Checks a 2xx response (decodes it into the caller's output); an error makes the
  /// attempt a failure (not retried: a body that cannot be decoded stays so). On success
  /// it points `consumed` at the capacity the decoded output reports, for the attempt hook.
  using response_check =
      std::function<std::optional<error>(const http::response&, std::span<const consumed_capacity>& consumed)>;

  /// One DynamoDB call: `body` is the serialized input of `operation` ("GetItem") on
  /// `target` (what the attempt hook is told), sent
  /// and re-sent (re-signed each time) as DESIGN.md's retry rules allow. `repeat_is_harmless`
  /// tells whether a request whose outcome is unknown may be sent again. Completes when
  /// `accept` took a 2xx response, or with the last error, whose attempts() is the number
  /// of requests sent. client_options::on_attempt sees every request sent.
  boost::asio::awaitable<result<void>> call(std::string_view operation, call_target target, std::string body,
                                            call_options opts, bool repeat_is_harmless, response_check accept);

  /// A fresh ClientRequestToken: a random UUID v4 (36 characters).
  std::string new_client_request_token();

  /// Closes pooled idle connections of the client's own HTTP client (if it has one).
  void close_idle();

 private:
  boost::asio::awaitable<result<credentials>> get_credentials();
  /// Signs and sends one request; the raw answer (any status) or the transport's error.
  boost::asio::awaitable<result<http::response>> send_once(std::string_view operation, std::string body,
                                                           std::chrono::milliseconds timeout,
                                                           const credentials& creds);
  /// Waits `delay` with the injected sleeper or a timer; false when the call was canceled.
  boost::asio::awaitable<bool> sleep(std::chrono::milliseconds delay);
  std::chrono::steady_clock::time_point now() const;
  double draw_random();
  retry::circuit_breaker& breaker_for(const http::endpoint& ep);

  boost::asio::any_io_executor executor_;
  client_options options_;
  http::endpoint endpoint_;
  std::string host_header_;
  std::shared_ptr<http::transport> transport_;
  http::http_client* own_http_;  // == transport_.get() when the client made its own, else null

  std::optional<retry::retry_quota> quota_;             // when options_.retry.retry_quota
  std::optional<retry::adaptive_rate_limiter> limiter_; // when options_.retry.adaptive
  // One breaker per endpoint URL; built at construction, so the map itself never changes.
  std::map<std::string, std::unique_ptr<retry::circuit_breaker>, std::less<>> breakers_;
  sigv4::signing_key_cache signing_keys_;
  std::mutex random_mutex_;
  std::mt19937_64 random_engine_;
};

}  // namespace ddbkit

#pragma once
// Everything a client needs to know, as one aggregate with defaults (Boost.Redis `config`).
#include <ddbkit/attempt_info.hpp>
#include <ddbkit/auth/credentials_provider.hpp>
#include <ddbkit/credentials/credentials_network.hpp>
#include <ddbkit/environment.hpp>
#include <ddbkit/error.hpp>
#include <ddbkit/http/endpoint.hpp>
#include <ddbkit/http/http_options.hpp>
#include <ddbkit/observer.hpp>
#include <ddbkit/retry/capacity_budget.hpp>
#include <ddbkit/retry/circuit_breaker.hpp>
#include <ddbkit/retry_options.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ddbkit {

struct client_options {
  /// AWS region, e.g. "eu-west-1". Required: it is part of every signature.
  std::string region;
  /// Endpoint URL override ("http://127.0.0.1:8000"); empty for the regional endpoint
  /// https://dynamodb.<region>.amazonaws.com. An override is always honoured.
  std::string endpoint;
  /// Where credentials come from for each request; required, unless
  /// `credentials_factory` is set.
  std::shared_ptr<credentials_provider> credentials;
  /// Makes `credentials` when that is empty: called once by client::create with the
  /// client's executor, transport and clock, which providers that call STS, the container
  /// endpoint or IMDS need. from_env() sets it to the default chain
  /// (make_default_credentials_chain) when no static keys are set. It must not do I/O.
  std::function<std::shared_ptr<credentials_provider>(const credentials_network&)> credentials_factory;
  retry_options retry;
  http::http_options http;
  /// I/O threads of a client that runs on its own (client::create without an executor).
  int io_threads = 1;
  /// The time used for signing; empty for the system clock. Tests inject a fixed one.
  std::function<std::chrono::system_clock::time_point()> clock;

  // ---- Retry machinery: circuit breaker, injectable time and randomness, attempt hook ----
  // The functions below are called from the client's executor, possibly from several
  // threads at once when the client runs on several; they must not throw.

  /// The circuit breaker of each endpoint the client talks to.
  retry::circuit_breaker_options circuit_breaker;
  /// Uniform random numbers in [0, 1) for backoff jitter; empty for the client's own
  /// seeded generator. Called under the client's lock.
  std::function<double()> random;
  /// Waits `delay`, then calls `done` exactly once, from any thread. Empty for an Asio
  /// steady_timer on the client's executor (which honours cancellation). Tests inject one
  /// that records the delay and calls `done` at once, so no real time passes.
  std::function<void(std::chrono::milliseconds delay, std::function<void()> done)> sleeper;
  /// The monotonic time of the circuit breaker, the adaptive rate limiter and latencies;
  /// empty for std::chrono::steady_clock.
  std::function<std::chrono::steady_clock::time_point()> steady_clock;
  /// Called after every request sent (retries included), once the next step is decided;
  /// see attempt_info. Empty for none. A shorthand for an observer with on_attempt only.
  std::function<void(const attempt_info&)> on_attempt;
  /// Everything that watches the client: each is told about every call, every request
  /// and circuit breaker changes (see observer). With none (and no on_attempt), observing
  /// costs nothing.
  std::vector<std::shared_ptr<ddbkit::observer>> observers;
  /// Keeps budgeted tables' consumed capacity under a rate (see retry::capacity_budget):
  /// requests wait before sending while their table's bucket is in debt. Shared by every
  /// call of the client, and by other clients given the same one. Empty for none. With a
  /// budget, requests that do not say otherwise ask for ReturnConsumedCapacity INDEXES.
  std::shared_ptr<retry::capacity_budget> capacity_budget;

  /// From the environment and the shared config/credentials files, resolved as the AWS
  /// CLI and SDKs resolve them: see resolve_configuration (configuration.hpp) for every
  /// setting's order of precedence. Region: AWS_REGION, AWS_DEFAULT_REGION, then the
  /// profile's; endpoint: DYNAMODB_ENDPOINT, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL,
  /// then the profile's `services` section and `endpoint_url`; retries:
  /// DYNAMODB_RETRY_*, AWS_MAX_ATTEMPTS / max_attempts, AWS_RETRY_MODE / retry_mode; static
  /// keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), and
  /// without them the default credentials chain on `env` (as `credentials_factory`; it is
  /// asked at the client's first request).
  /// Errors (`validation`, naming the variable or the file and line): no region; a named
  /// profile that does not exist; an endpoint that is not an http(s) URL; a retry number
  /// that is not a positive integer or an unknown retry mode; a key id without its secret
  /// or the reverse. A malformed value is an error, never silently the default.
  static result<client_options> from_env(const environment& env = process_environment());

  /// DynamoDB Local on 127.0.0.1:`port`: region "local", plain HTTP, dummy static keys
  /// "local"/"local" (DynamoDB Local keeps a table set per key id and region).
  static client_options local(std::uint16_t port = 8000);

  /// As from_env(), and: DynamoDB Local (local(DYNAMODB_LOCAL_PORT or 8000)) when
  /// DYNAMODB_LOCAL is "true"/"1" or DYNAMODB_LOCAL_PORT is set; on a loopback endpoint,
  /// region "local" and the dummy keys when nothing configures a region or credentials.
  /// An unparsable port is an error.
  static result<client_options> auto_detect(const environment& env = process_environment());

  /// The endpoint requests go to: the override, else the regional one.
  result<http::endpoint> resolve_endpoint() const;
};

/// Shorthand for a provider of fixed credentials.
std::shared_ptr<credentials_provider> static_credentials(std::string access_key_id,
                                                         std::string secret_access_key,
                                                         std::string session_token = {});

}  // namespace ddbkit

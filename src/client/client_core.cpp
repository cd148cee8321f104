#include "client/client_core.hpp"

#include "client/await_handler.hpp"

#include <ddbkit/auth/sigv4_signer.hpp>
#include <ddbkit/model/serialization.hpp>
#include <ddbkit/retry/retry_policy.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/crc.hpp>

#include <charconv>

namespace ddbkit {
namespace {

constexpr std::string_view target_prefix = "DynamoDB_20120810.";
constexpr std::string_view content_type = "application/x-amz-json-1.0";

/// DynamoDB sends the CRC32 of the body in x-amz-crc32; a mismatch means the response was
/// damaged on the way and must not be trusted.
result<void> check_crc32(const http::response& response) {
  auto expected_text = response.header_value("x-amz-crc32");
  if (expected_text.empty()) return {};
  std::uint32_t expected = 0;
  auto [end, ec] = std::from_chars(expected_text.data(), expected_text.data() + expected_text.size(), expected);
  boost::crc_32_type crc;
  crc.process_bytes(response.body.data(), response.body.size());
  if (ec != std::errc{} || end != expected_text.data() + expected_text.size() || crc.checksum() != expected) {
    return fail(error_code::serialization, "response CRC32 does not match x-amz-crc32 (damaged in transit)");
  }
  return {};
}

/// What an attempt's outcome says about the endpoint, for its circuit breaker.
retry::health health_of(const std::optional<error>& failure) {
  if (!failure) return retry::health::success;
  switch (retry::classify(*failure)) {
    case retry::failure_class::throttle: return retry::health::neutral;
    case retry::failure_class::transient: return retry::health::failure;
    default: return retry::health::success;  // the endpoint answered
  }
}

std::string with_reason(std::string_view message, std::string_view reason) {
  std::string out(message);
  out.append(" (").append(reason).append(")");
  return out;
}

}  // namespace

client_core::client_core(boost::asio::any_io_executor executor, client_options options,
                         http::endpoint endpoint, std::shared_ptr<http::transport> transport,
                         http::http_client* own_http)
    : executor_(std::move(executor)),
      options_(std::move(options)),
      endpoint_(std::move(endpoint)),
      host_header_(endpoint_.host_header()),
      transport_(std::move(transport)),
      own_http_(own_http),
      random_engine_(std::random_device{}()) {
  if (options_.retry.retry_quota) quota_.emplace(options_.retry.retry_quota_tokens);
  if (options_.retry.adaptive) limiter_.emplace(now());
  breakers_.emplace(endpoint_.url(), std::make_unique<retry::circuit_breaker>(options_.circuit_breaker));
}

void client_core::close_idle() {
  if (own_http_ != nullptr) own_http_->close_idle();
}

std::chrono::steady_clock::time_point client_core::now() const {
  return options_.steady_clock ? options_.steady_clock() : std::chrono::steady_clock::now();
}

double client_core::draw_random() {
  std::lock_guard lock(random_mutex_);
  if (options_.random) return options_.random();
  return std::uniform_real_distribution<double>(0.0, 1.0)(random_engine_);
}

std::string client_core::new_client_request_token() {
  std::uint64_t high = 0, low = 0;
  {
    std::lock_guard lock(random_mutex_);
    high = random_engine_();
    low = random_engine_();
  }
  // RFC 4122 version 4: version nibble 4, variant bits 10.
  high = (high & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  low = (low & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  constexpr char hex[] = "0123456789abcdef";
  std::string token;
  token.reserve(36);
  auto put = [&](std::uint64_t bits, int from, int to) {
    for (int i = from; i < to; ++i) token.push_back(hex[(bits >> (60 - 4 * i)) & 0xf]);
  };
  put(high, 0, 8); token.push_back('-');
  put(high, 8, 12); token.push_back('-');
  put(high, 12, 16); token.push_back('-');
  put(low, 0, 4); token.push_back('-');
  put(low, 4, 16);
  return token;
}

retry::circuit_breaker& client_core::breaker_for(const http::endpoint& ep) {
  return *breakers_.find(ep.url())->second;
}

boost::asio::awaitable<result<credentials>> client_core::get_credentials() {
  co_return co_await detail::await_handler<result<credentials>>(
      [this](credentials_provider::handler h) { options_.credentials->async_get_credentials(std::move(h)); });
}

boost::asio::awaitable<bool> client_core::sleep(std::chrono::milliseconds delay) {
  namespace asio = boost::asio;
  if (options_.sleeper) {
    co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
        [this, delay](auto handler) {
          // std::function needs a copyable callback; the handler is move-only.
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          options_.sleeper(delay, [shared, ex = executor_]() mutable {
            // The sleeper may call back from any thread, even inline: resume through our
            // executor, never inside the initiation.
            asio::post(ex, std::move(*shared));
          });
        },
        asio::use_awaitable);
    co_return true;
  }
  asio::steady_timer timer(executor_, delay);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec;
}

boost::asio::awaitable<result<http::response>> client_core::send_once(std::string_view operation,
                                                                      std::string body,
                                                                      std::chrono::milliseconds timeout,
                                                                      const credentials& creds) {
  http::request req;
  req.method = "POST";
  req.target = "/";
  std::string target = std::string(target_prefix) + std::string(operation);

  sigv4::signable_request to_sign{
      .method = req.method,
      .path = req.target,
      .query = {},
      .headers = {{"content-type", std::string(content_type)}, {"host", host_header_}, {"x-amz-target", target}},
      .payload = body,
  };
  const auto signing_time = options_.clock ? options_.clock() : std::chrono::system_clock::now();
  auto signature = sigv4::sign(to_sign, creds,
                               sigv4::signing_scope{.region = options_.region, .service = "dynamodb", .time = signing_time},
                               signing_keys_);

  req.headers.reserve(6);
  req.headers.push_back({"Content-Type", std::string(content_type)});
  req.headers.push_back({"X-Amz-Target", std::move(target)});
  req.headers.push_back({"X-Amz-Date", std::move(signature.amz_date)});
  if (!signature.security_token.empty()) {
    req.headers.push_back({"X-Amz-Security-Token", std::move(signature.security_token)});
  }
  req.headers.push_back({"Authorization", std::move(signature.authorization)});
  req.body = std::move(body);

  co_return co_await detail::await_handler<result<http::response>>(
      [&](http::transport::handler h) { transport_->async_send(endpoint_, std::move(req), timeout, std::move(h)); });
}

boost::asio::awaitable<result<void>> client_core::call(std::string_view operation, call_target target,
                                                       std::string body, call_options opts, bool repeat_is_harmless,
                                                       response_check accept) {
  namespace asio = boost::asio;
  const retry::retry_policy policy(opts.retry.value_or(options_.retry), [this] { return draw_random(); });
  const bool may_repeat = repeat_is_harmless || opts.idempotent;
  auto& breaker = breaker_for(endpoint_);
  const auto canceled = [](const asio::cancellation_state& cs) {
    return cs.cancelled() != asio::cancellation_type::none;
  };

  int sent = 0;
  int retry_tokens = 0;  // what the request about to be sent took from the retry quota
  std::string last_failure;  // for an error that ends the call before its next request
  for (;;) {
    if (!breaker.allow(now())) {
      error open(error_code::circuit_open,
                 "the circuit breaker of " + endpoint_.url() +
                     " is open after consecutive failures; failing fast without sending");
      if (!last_failure.empty()) open.with_message(with_reason(open.message(), "last error: " + last_failure));
      co_return std::unexpected(std::move(open.with_attempts(sent)));
    }
    if (limiter_) {
      if (auto wait = limiter_->acquire(now()); wait > std::chrono::nanoseconds(0)) {
        if (!co_await sleep(std::chrono::ceil<std::chrono::milliseconds>(wait))) {
          co_return std::unexpected(std::move(error(error_code::network, "operation canceled").with_attempts(sent)));
        }
      }
    }
    // Fetched for every request: credentials that expire are refreshed by the provider.
    auto creds = co_await get_credentials();
    if (!creds) co_return std::unexpected(std::move(creds.error().with_attempts(sent)));

    const auto started = now();
    auto response = co_await send_once(operation, body, opts.timeout, *creds);
    ++sent;
    const auto latency = now() - started;

    std::optional<error> failure;
    std::span<const consumed_capacity> consumed;
    int status = 0;
    std::string request_id;
    if (response) {
      status = response->status;
      request_id = std::string(response->header_value("x-amzn-RequestId"));
      if (status >= 200 && status < 300) {
        if (auto crc = check_crc32(*response); !crc) {
          failure = std::move(crc.error());
        } else {
          failure = accept(*response, consumed);
        }
      } else {
        failure = parse_error_response(status, response->body);
      }
      if (failure) failure->with_request_id(request_id);
    } else {
      failure = std::move(response.error());
    }
    if (failure) failure->with_attempts(sent);

    const auto cs = co_await asio::this_coro::cancellation_state;
    const bool was_canceled = canceled(cs);
    // A canceled request tells nothing about the endpoint.
    if (!was_canceled) breaker.record(health_of(failure), now());
    if (limiter_) {
      limiter_->on_response(failure && retry::classify(*failure) == retry::failure_class::throttle, now());
    }

    attempt_info info{.operation = operation,
                      .table = target.table,
                      .index = target.index,
                      .attempt = sent,
                      .error = failure,
                      .http_status = status,
                      .latency = std::chrono::duration_cast<std::chrono::nanoseconds>(latency),
                      .request_id = std::move(request_id),
                      .consumed_capacity = consumed,
                      .retry_delay = std::nullopt};
    if (!failure) {
      if (quota_) quota_->on_success(retry_tokens);
      if (options_.on_attempt) options_.on_attempt(info);
      co_return result<void>{};
    }

    auto next = was_canceled ? retry::decision{retry::verdict::not_retryable, {}}
                             : policy.decide(*failure, sent, may_repeat);
    if (next.verdict == retry::verdict::retry && quota_) {
      const bool costly = failure->code() == error_code::network || failure->code() == error_code::timeout;
      if (auto taken = quota_->try_acquire(costly)) {
        retry_tokens = *taken;
      } else {
        failure->with_message(with_reason(failure->message(), "not retried: the client's retry quota is exhausted"));
        next = {retry::verdict::budget_spent, {}};
      }
    }
    if (next.verdict == retry::verdict::outcome_unknown) {
      failure->with_message(with_reason(failure->message(),
                                        "not retried: the request may have been applied and repeating it is not "
                                        "known to be harmless; mark the call idempotent to allow it"));
    }
    if (next.verdict == retry::verdict::retry) info.retry_delay = next.delay;
    info.error = failure;
    if (options_.on_attempt) options_.on_attempt(info);
    if (next.verdict != retry::verdict::retry) co_return std::unexpected(std::move(*failure));
    last_failure = failure->message();

    if (next.delay > std::chrono::milliseconds(0) && !co_await sleep(next.delay)) {
      co_return std::unexpected(std::move(failure->with_message(with_reason(failure->message(), "canceled while waiting to retry"))));
    }
  }
}

}  // namespace ddbkit

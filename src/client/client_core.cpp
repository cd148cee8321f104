#include "client/client_core.hpp"

#include "client/request_path/request_runtime.hpp"
#include "http/http_client_access.hpp"

#include <algorithm>

namespace ddbkit {
namespace {

/// client_options::on_attempt as an observer.
class attempt_hook final : public observer {
 public:
  explicit attempt_hook(std::function<void(const attempt_info&)> hook) : hook_(std::move(hook)) {}
  void on_attempt(const call_info&, const attempt_info& attempt) override { hook_(attempt); }

 private:
  std::function<void(const attempt_info&)> hook_;
};

}  // namespace

client_core::client_core(boost::asio::any_io_executor executor, client_options options, http::endpoint endpoint,
                         std::shared_ptr<http::transport> transport, http::http_client* own_http)
    : executor_(std::move(executor)),
      call_executor_(own_http != nullptr ? http::detail::http_client_access::strand(*own_http) : executor_),
      options_(std::move(options)),
      target_{.endpoint = std::move(endpoint), .region = options_.region},
      transport_(std::move(transport)),
      own_http_(own_http),
      breaker_(options_.circuit_breaker),
      observers_(options_.observers),
      random_engine_(std::random_device{}()) {
  if (options_.on_attempt) observers_.push_back(std::make_shared<attempt_hook>(options_.on_attempt));
  asks_consumed_capacity_ = options_.capacity_budget != nullptr ||
                            std::ranges::any_of(observers_, [](const auto& o) { return o && o->wants_consumed_capacity(); });
  keeps_bodies_ = std::ranges::any_of(observers_, [](const auto& o) { return o && o->wants_bodies(); });
  if (options_.retry.retry_quota) quota_.emplace(options_.retry.retry_quota_tokens);
  auto runtime = make_runtime(false);
  if (options_.retry.adaptive) limiter_.emplace(runtime.steady_clock());
  const detail::request_path_parts parts{.target = target_,
                                         .credentials = *options_.credentials,
                                         .signing_keys = signing_keys_,
                                         .breaker = breaker_,
                                         .limiter = limiter_ ? &*limiter_ : nullptr,
                                         .quota = quota_ ? &*quota_ : nullptr,
                                         .budget = options_.capacity_budget.get(),
                                         .observers = observers_};
  const auto async_delivery =
      own_http_ != nullptr ? detail::delivery::on_strand(*own_http_) : detail::delivery::through(*transport_);
  async_path_ = std::make_unique<detail::request_path>(parts, async_delivery, std::move(runtime));
  if (own_http_ != nullptr) {
    blocking_path_ = std::make_unique<detail::request_path>(parts, detail::delivery::on_calling_thread(*own_http_),
                                                            make_runtime(true));
  }
}

detail::request_runtime client_core::make_runtime(bool blocking) {
  detail::request_runtime rt;
  rt.wall_clock = options_.clock ? options_.clock : [] { return std::chrono::system_clock::now(); };
  rt.steady_clock = options_.steady_clock ? options_.steady_clock : [] { return std::chrono::steady_clock::now(); };
  rt.random = [this] { return draw_random(); };
  if (options_.sleeper) {
    rt.sleep = [sleeper = options_.sleeper](std::chrono::milliseconds delay) {
      return detail::callback_sleep(sleeper, delay);
    };
  } else {
    rt.sleep = blocking ? &detail::thread_sleep : &detail::timer_sleep;
  }
  return rt;
}

detail::call_state client_core::new_call(std::string_view operation, const call_options& opts) {
  detail::call_state call{.policy = retry::retry_policy(opts.retry.value_or(options_.retry), [this] { return draw_random(); })};
  call.call_id = ++next_call_id_;
  call.operation = operation;
  call.may_repeat = opts.idempotent;
  call.own_observer = opts.call_observer;
  call.keep_bodies = keeps_bodies_ || (opts.call_observer && opts.call_observer->wants_bodies());
  call.attempt_timeout = opts.attempt_timeout.count() > 0 ? opts.attempt_timeout : options_.http.request_timeout;
  if (opts.timeout.count() > 0) call.deadline = async_path_->runtime().steady_clock() + opts.timeout;
  return call;
}

void client_core::close_idle() {
  if (own_http_ != nullptr) own_http_->close_idle();
}

void client_core::settle_connections() {
  if (own_http_ != nullptr) http::detail::http_client_access::settle(*own_http_);
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

}  // namespace ddbkit

#include "client/request_path/signing_stage.hpp"

#include "async/await_handler.hpp"
#include "async/completion_target.hpp"
#include "http/http_client_access.hpp"
#include "http/request_writer.hpp"
#include "preset_error.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace ddbkit::detail {
namespace {

/// An awaitable that is done at once: an error found before anything was sent.
boost::asio::awaitable<result<http::response>> ready(result<http::response> outcome) { co_return outcome; }

using shared_credentials = std::shared_ptr<const credentials>;

/// The provider's credentials at hand, or an error that sends the caller to ask for them.
result<shared_credentials> at_hand_or_missing(credentials_provider& provider) {
  if (auto at_hand = provider.credentials_at_hand()) return at_hand;
  return std::unexpected(preset_error<error_code::credentials, "no credentials at hand">());
}

/// Asks the provider through its handler for credentials that were not at hand; they come
/// back shared as those at hand do, so that the coroutine keeps one small variable. The
/// provider completes on the awaiting coroutine's executor and sees its cancellation slot,
/// as it would with the coroutine's own handler.
void fetch_shared(credentials_provider& provider,
                  boost::asio::any_completion_handler<void(result<shared_credentials>)> h) {
  auto target = target_of_handler(h);
  provider.async_get_credentials(bound_to(std::move(target), [h = std::move(h)](result<credentials> fetched) mutable {
    if (!fetched) return std::move(h)(std::unexpected(std::move(fetched.error())));
    std::move(h)(std::make_shared<const credentials>(std::move(*fetched)));
  }));
}

/// The attempt's timeout: its own, cut to what is left of the call's deadline; nullopt when
/// nothing is left.
std::optional<std::chrono::milliseconds> attempt_timeout(const call_state& call, steady_time now) {
  if (call.deadline == steady_time::max()) return call.attempt_timeout;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(call.deadline - now);
  if (left <= std::chrono::milliseconds(0)) return std::nullopt;
  return std::min(call.attempt_timeout, left);
}

/// The outcome of an attempt whose call's deadline passed before it was sent.
exchange_outcome too_late() {
  exchange_outcome out;
  out.response = std::unexpected(error(error_code::timeout, "the call's timeout ran out before the request"));
  out.sent = false;
  return out;
}

}  // namespace

signing_stage::signing_stage(const signing_target& target, credentials_provider& credentials,
                             sigv4::signing_key_cache& keys, delivery to, const request_runtime& runtime)
    : target_(target),
      host_header_(target.endpoint.host_header()),
      credentials_(credentials),
      keys_(keys),
      to_(to),
      runtime_(runtime) {}

dynamodb_request signing_stage::request_of(const call_state& call) const {
  return {.host_header = host_header_, .operation = call.operation, .body = call.body};
}

sigv4::signing_scope signing_stage::scope_now() const {
  return {.region = target_.region, .service = "dynamodb", .time = runtime_.wall_clock()};
}

result<std::string> signing_stage::wire(const call_state& call, const credentials& creds) const {
  const auto req = request_of(call);
  const auto scope = scope_now();
  if (auto written = signed_wire(req, creds, scope, keys_)) return std::move(*written);
  return http::detail::write_request(signed_request(req, creds, scope, keys_), target_.endpoint);
}

boost::asio::awaitable<result<http::response>> signing_stage::send(const call_state& call, const credentials& creds,
                                                                   std::chrono::milliseconds timeout) {
  if (to_.how == delivery::route::client_strand) {
    auto written = wire(call, creds);
    if (!written) return ready(std::unexpected(std::move(written.error())));
    return http::detail::http_client_access::exchange(*to_.own, target_.endpoint, std::move(*written), timeout);
  }
  auto through_transport = [this, request = signed_request(request_of(call), creds, scope_now(), keys_),
                            timeout](http::transport::handler h) mutable {
    to_.transport->async_send(target_.endpoint, std::move(request), timeout, std::move(h));
  };
  return await_handler<result<http::response>>(std::move(through_transport));
}

result<http::response> signing_stage::send_here(const call_state& call, const credentials& creds,
                                                std::chrono::milliseconds timeout) {
  auto written = wire(call, creds);
  if (!written) return std::unexpected(std::move(written.error()));
  return http::detail::http_client_access::send_blocking(*to_.own, target_.endpoint, std::move(*written), false,
                                                         timeout);
}

boost::asio::awaitable<exchange_outcome> signing_stage::exchange(call_state& call) {
  exchange_outcome out;
  // Credentials at hand are shared, not copied, and skip the handler's round trip through
  // the executor. One variable for both ways keeps the coroutine's frame small. (Not a
  // conditional expression around the co_await: GCC 12 destroys its temporaries twice.)
  result<shared_credentials> creds = at_hand_or_missing(credentials_);
  if (!creds) {
    creds = co_await await_handler<result<shared_credentials>>(
        [this](auto h) { fetch_shared(credentials_, std::move(h)); });
    // A caller that asked to stop while the credentials came gets nothing sent. (Not in
    // the condition above it: GCC 12 miscompiles some co_awaits inside conditions.)
    const bool stop = co_await cancellation_requested();
    if (creds && stop) {
      creds = std::unexpected(error(error_code::canceled, "canceled while the credentials were fetched"));
    }
  }
  if (!creds) {
    out.response = std::unexpected(std::move(creds.error()));
    out.sent = false;
    co_return out;
  }

  if (to_.how == delivery::route::calling_thread) co_return exchange_here(call, **creds);
  const auto now = runtime_.steady_clock();
  const auto timeout = attempt_timeout(call, now);
  if (!timeout) co_return too_late();
  // The exchange is made in a statement of its own: a temporary that lives across no
  // suspension stays out of the frame.
  auto sending = send(call, **creds, *timeout);
  out.response = co_await std::move(sending);
  out.latency = std::chrono::duration_cast<std::chrono::nanoseconds>(runtime_.steady_clock() - now);
  co_return out;
}

exchange_outcome signing_stage::exchange_here(const call_state& call, const credentials& creds) {
  const auto now = runtime_.steady_clock();
  const auto timeout = attempt_timeout(call, now);
  if (!timeout) return too_late();
  exchange_outcome out;
  out.response = send_here(call, creds, *timeout);
  out.latency = std::chrono::duration_cast<std::chrono::nanoseconds>(runtime_.steady_clock() - now);
  return out;
}

void signing_stage::start_exchange(const call_state& call,
                                   boost::asio::any_completion_handler<void(std::optional<exchange_outcome>)> done) {
  const auto creds = credentials_.credentials_at_hand();
  if (!creds) return std::move(done)(std::nullopt);
  const auto now = runtime_.steady_clock();
  const auto timeout = attempt_timeout(call, now);
  if (!timeout) return std::move(done)(too_late());
  // The transport completes on `done`'s executor and sees its slot: the answer, bound to them.
  auto target = target_of_handler(done);
  auto answered = bound_to(std::move(target), [this, now, done = std::move(done)](result<http::response> r) mutable {
    exchange_outcome out;
    out.response = std::move(r);
    out.latency = std::chrono::duration_cast<std::chrono::nanoseconds>(runtime_.steady_clock() - now);
    std::move(done)(std::move(out));
  });
  if (to_.how == delivery::route::transport) {
    to_.transport->async_send(target_.endpoint, signed_request(request_of(call), *creds, scope_now(), keys_), *timeout,
                              std::move(answered));
    return;
  }
  auto written = wire(call, *creds);
  if (!written) return std::move(answered)(std::unexpected(std::move(written.error())));
  http::detail::http_client_access::async_send(*to_.own, target_.endpoint, std::move(*written), false, *timeout,
                                               std::move(answered));
}

std::optional<exchange_outcome> signing_stage::exchange_now(const call_state& call) {
  if (to_.how != delivery::route::calling_thread) return std::nullopt;
  const auto creds = credentials_.credentials_at_hand();
  if (!creds) return std::nullopt;
  return exchange_here(call, *creds);
}

}  // namespace ddbkit::detail

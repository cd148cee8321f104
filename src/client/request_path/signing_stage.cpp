#include "client/request_path/signing_stage.hpp"

#include "async/await_handler.hpp"
#include "http/http_client_access.hpp"
#include "preset_error.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace ddbkit::detail {
namespace {

constexpr std::string_view target_prefix = "DynamoDB_20120810.";
constexpr std::string_view content_type = "application/x-amz-json-1.0";

/// The provider's credentials at hand, or an error that sends the caller to ask for them.
result<credentials> at_hand_or_missing(credentials_provider& provider) {
  if (auto at_hand = provider.credentials_at_hand()) return std::move(*at_hand);
  return std::unexpected(preset_error<error_code::credentials, "no credentials at hand">());
}

}  // namespace

signing_stage::signing_stage(const signing_target& target, credentials_provider& credentials,
                             sigv4::signing_key_cache& keys, http::transport& transport, http::http_client* direct,
                             const request_runtime& runtime)
    : target_(target),
      host_header_(target.endpoint.host_header()),
      credentials_(credentials),
      keys_(keys),
      transport_(transport),
      direct_(direct),
      runtime_(runtime) {}

http::request signing_stage::signed_request(const call_state& call, const credentials& creds) const {
  http::request req;
  req.method = "POST";
  req.target = "/";
  std::string amz_target;
  amz_target.reserve(target_prefix.size() + call.operation.size());
  amz_target.append(target_prefix).append(call.operation);
  sigv4::signable_request to_sign{
      .method = req.method,
      .path = req.target,
      .query = {},
      .headers = {{"content-type", std::string(content_type)}, {"host", host_header_}, {"x-amz-target", std::move(amz_target)}},
      .payload = call.body,
  };
  const sigv4::signing_scope scope{.region = target_.region, .service = "dynamodb", .time = runtime_.wall_clock()};
  auto signature = sigv4::sign(to_sign, creds, scope, keys_);
  // The signed values move on into the request instead of being made twice.
  req.headers.reserve(5);
  req.headers.push_back({"Content-Type", std::move(to_sign.headers[0].second)});
  req.headers.push_back({"X-Amz-Target", std::move(to_sign.headers[2].second)});
  req.headers.push_back({"X-Amz-Date", std::move(signature.amz_date)});
  if (!signature.security_token.empty()) {
    req.headers.push_back({"X-Amz-Security-Token", std::move(signature.security_token)});
  }
  req.headers.push_back({"Authorization", std::move(signature.authorization)});
  req.body = call.body;
  return req;
}

boost::asio::awaitable<result<http::response>> signing_stage::send(http::request req,
                                                                   std::chrono::milliseconds timeout) {
  if (direct_ != nullptr) {
    return http::detail::http_client_access::exchange(*direct_, target_.endpoint, std::move(req), timeout);
  }
  auto through_transport = [this, req = std::move(req), timeout](http::transport::handler h) mutable {
    transport_.async_send(target_.endpoint, std::move(req), timeout, std::move(h));
  };
  return await_handler<result<http::response>>(std::move(through_transport));
}

boost::asio::awaitable<exchange_outcome> signing_stage::exchange(call_state& call) {
  exchange_outcome out;
  // Credentials at hand skip the handler's round trip through the executor. One variable
  // for both ways keeps the coroutine's frame small. (Not a conditional expression around
  // the co_await: GCC 12 destroys its temporaries twice.)
  result<credentials> creds = at_hand_or_missing(credentials_);
  if (!creds) {
    creds = co_await await_handler<result<credentials>>(
        [this](credentials_provider::handler h) { credentials_.async_get_credentials(std::move(h)); });
  }
  if (!creds) {
    out.response = std::unexpected(std::move(creds.error()));
    out.sent = false;
    co_return out;
  }

  auto timeout = call.attempt_timeout;
  const auto now = runtime_.steady_clock();
  if (call.deadline != steady_time::max()) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(call.deadline - now);
    if (left <= std::chrono::milliseconds(0)) {
      out.response = std::unexpected(error(error_code::timeout, "the call's timeout ran out before the request"));
      out.sent = false;
      co_return out;
    }
    timeout = std::min(timeout, left);
  }

  // The request is made in a statement of its own: a temporary that lives across no
  // suspension stays out of the frame.
  auto sending = send(signed_request(call, *creds), timeout);
  out.response = co_await std::move(sending);
  out.latency = std::chrono::duration_cast<std::chrono::nanoseconds>(runtime_.steady_clock() - now);
  co_return out;
}

}  // namespace ddbkit::detail

#include "client/request_path/response_stage.hpp"

#include "error_builder.hpp"
#include "http/crc32.hpp"

#include <ddbkit/model/serialization.hpp>

#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/string.hpp>

#include <charconv>

namespace ddbkit::detail {

std::optional<error> check_crc32(const http::response& response) {
  const auto expected_text = response.header_value("x-amz-crc32");
  if (expected_text.empty()) return std::nullopt;
  std::uint32_t expected = 0;
  const auto* const end = expected_text.data() + expected_text.size();
  const auto [stop, ec] = std::from_chars(expected_text.data(), end, expected);
  const auto actual = http::detail::crc32_of(response.body);
  if (ec == std::errc{} && stop == end && actual == expected) return std::nullopt;
  error damaged(error_code::crc_mismatch, "response CRC32 does not match x-amz-crc32 (damaged in transit)");
  error_builder(damaged).outcome_unknown();
  return damaged;
}

namespace {

/// The value of the response's `name` header, moved out: the response ends with this stage
/// and the request id lives on in the outcome, so a copy would be an allocation a request.
std::string take_header_value(http::response& response, std::string_view name) {
  for (auto& h : response.headers) {
    if (boost::beast::iequals(h.name, name)) return std::move(h.value);
  }
  return {};
}

}  // namespace

boost::asio::awaitable<attempt_outcome> response_stage::attempt(call_state& call) {
  auto answer = co_await next_.exchange(call);
  co_return interpret(call, std::move(answer));
}

attempt_outcome response_stage::interpret(call_state& call, exchange_outcome answer) {
  attempt_outcome out;
  out.sent = answer.sent;
  out.latency = answer.latency;
  if (!answer.response) {
    out.failure = std::move(answer.response.error());
    return out;
  }
  auto& response = *answer.response;
  out.http_status = response.status;
  if (response.status >= 200 && response.status < 300) {
    out.failure = check_crc32(response);
    if (!out.failure) out.failure = call.decode(response, out.facts);
  } else {
    out.failure = parse_error_response(response.status, response.body);
  }
  out.request_id = take_header_value(response, "x-amzn-RequestId");
  if (out.failure) error_builder(*out.failure).http_status(response.status).request_id(out.request_id);
  if (call.keep_bodies) out.response_body = std::move(answer.response->body);  // decoded already
  return out;
}

}  // namespace ddbkit::detail

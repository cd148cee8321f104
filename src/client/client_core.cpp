#include "client/client_core.hpp"

#include "client/await_handler.hpp"

#include <ddbkit/auth/sigv4_signer.hpp>
#include <ddbkit/model/serialization.hpp>

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

}  // namespace

client_core::client_core(boost::asio::any_io_executor executor, client_options options,
                         http::endpoint endpoint, std::shared_ptr<http::transport> transport,
                         http::http_client* own_http)
    : executor_(std::move(executor)),
      options_(std::move(options)),
      endpoint_(std::move(endpoint)),
      host_header_(endpoint_.host_header()),
      transport_(std::move(transport)),
      own_http_(own_http) {}

void client_core::close_idle() {
  if (own_http_ != nullptr) own_http_->close_idle();
}

boost::asio::awaitable<result<credentials>> client_core::get_credentials() {
  co_return co_await detail::await_handler<result<credentials>>(
      [this](credentials_provider::handler h) { options_.credentials->async_get_credentials(std::move(h)); });
}

boost::asio::awaitable<result<http::response>> client_core::send(std::string_view operation,
                                                                 std::string body, call_options opts) {
  auto creds = co_await get_credentials();
  if (!creds) co_return std::unexpected(creds.error());

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
  const auto now = options_.clock ? options_.clock() : std::chrono::system_clock::now();
  auto signature = sigv4::sign(to_sign, *creds,
                               sigv4::signing_scope{.region = options_.region, .service = "dynamodb", .time = now});

  req.headers.reserve(6);
  req.headers.push_back({"Content-Type", std::string(content_type)});
  req.headers.push_back({"X-Amz-Target", std::move(target)});
  req.headers.push_back({"X-Amz-Date", std::move(signature.amz_date)});
  if (!signature.security_token.empty()) {
    req.headers.push_back({"X-Amz-Security-Token", std::move(signature.security_token)});
  }
  req.headers.push_back({"Authorization", std::move(signature.authorization)});
  req.body = std::move(body);

  auto response = co_await detail::await_handler<result<http::response>>(
      [&](http::transport::handler h) {
        transport_->async_send(endpoint_, std::move(req), opts.timeout, std::move(h));
      });
  if (!response) {
    co_return std::unexpected(std::move(response.error().with_attempts(1)));
  }

  std::string request_id(response->header_value("x-amzn-RequestId"));
  if (response->status >= 200 && response->status < 300) {
    if (auto crc = check_crc32(*response); !crc) {
      co_return std::unexpected(std::move(crc.error().with_request_id(std::move(request_id)).with_attempts(1)));
    }
    co_return response;
  }
  error e = parse_error_response(response->status, response->body);
  e.with_request_id(std::move(request_id)).with_attempts(1);
  co_return std::unexpected(std::move(e));
}

}  // namespace ddbkit

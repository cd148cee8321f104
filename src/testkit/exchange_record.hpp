#pragma once
// Internal: one recorded exchange as a JSON line — the format recording_transport writes
// and replay_transport reads — and the canonical form of a request body both match on.
#include <ddbkit/error.hpp>
#include <ddbkit/http/message.hpp>

#include <string>
#include <string_view>

namespace ddbkit::testkit::detail {

/// "PutItem" for X-Amz-Target "DynamoDB_20120810.PutItem"; empty for any other request.
std::string_view dynamodb_operation(const http::request& req);

/// The body with object members in name order at every level and the top-level
/// ClientRequestToken left out; the body itself when it is not JSON.
std::string canonical_body(std::string_view body);

/// The JSON line (without newline) of `req` and its outcome; credentials scrubbed.
std::string exchange_line(std::string_view operation, const http::request& req, const result<http::response>& outcome);

/// A line read back: its operation, canonical request body and outcome.
struct recorded_exchange {
  std::string operation;
  std::string canonical_request;
  result<http::response> outcome = std::unexpected(error(error_code::unknown, "not read"));
};
result<recorded_exchange> parse_exchange_line(std::string_view line);

}  // namespace ddbkit::testkit::detail

#pragma once
// Internal: the fault proxy's HTTP details — which headers stay on one hop, what a request
// names, and the answers the proxy makes itself in DynamoDB's format. Sans-I/O.
#include <ddbkit/http/message.hpp>
#include <ddbkit/testkit/fault_rule.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ddbkit::testkit::detail {

/// Hop-by-hop headers (RFC 9110 7.6.1), plus Host and Content-Length, which each side of
/// the proxy sets for itself: never copied from one side to the other.
bool is_hop_by_hop(std::string_view name) noexcept;

/// The operation of an X-Amz-Target value: "DynamoDB_20120810.PutItem" -> "PutItem".
std::string operation_of(std::string_view target);

/// The tables a request body names: TableName, or the keys of RequestItems (batches).
/// Empty for a body that is not a JSON object.
std::vector<std::string> tables_of(std::string_view body);

/// Sets x-amz-crc32 to the CRC32 of `r.body`, replacing any stale one: the client checks it
/// on success answers.
void set_crc32(http::response& r);

/// An answer with a JSON body, DynamoDB's content type, request id and CRC32.
http::response json_answer(int status, std::string body, std::string request_id);

/// `{"__type":"com.amazonaws.dynamodb.v20120810#<type>","message":"<message>"}`.
http::response error_answer(int status, std::string_view type, std::string_view message, std::string request_id);

/// True for the kinds answered by the proxy instead of the upstream (throttles, 5xx).
bool answers_instead_of_forwarding(fault_kind kind) noexcept;

/// The answer of such a kind.
http::response injected_error(fault_kind kind, std::string request_id);

}  // namespace ddbkit::testkit::detail

#pragma once
// The JSON 1.0 wire form of every operation: request bodies out, response bodies in.
// Pure functions: no I/O, no clock, no shared state, so safe to call from any thread.
// They never throw for bad input; a failure is an `error` in the result.
#include <ddbkit/error.hpp>
#include <ddbkit/model/operation_list.hpp>
#include <ddbkit/model/request_defaults.hpp>

#include <string>
#include <string_view>

namespace ddbkit {

/// The request body, after checking the input against DynamoDB's limits (DESIGN.md
/// "Limits"): a `validation` error names the field at fault in its AWS spelling, prefixed
/// with the operation, e.g. "PutItem.Item.tags" or "BatchWriteItem.RequestItems[orders][3]";
/// error::field() returns it. Nothing is sent for a refused input, so no attempt is counted.
/// `defaults` fill in what the input leaves unset (a client's token and consumed capacity);
/// the body is the one the input with them filled in would give.
#define DDBKIT_DECLARE_SERIALIZE(op) \
  result<std::string> serialize(const op##_input& in, const request_defaults& defaults = {});
DDBKIT_FOR_EACH_OPERATION(DDBKIT_DECLARE_SERIALIZE)
#undef DDBKIT_DECLARE_SERIALIZE

/// Decodes a 2xx response body. A body that is not JSON, a member of the wrong JSON type,
/// an unknown enum value, an undecodable attribute value or a missing required member
/// (e.g. Query's Count) gives a `serialization` error whose message starts with the
/// member's path, e.g. "ConsumedCapacity.CapacityUnits: expected a number". Unknown
/// members are ignored, so newer DynamoDB responses still decode. Defined (specialised
/// below) for every `operation_traits<>::output`; other types do not link.
template <class Output>
result<Output> parse_output(std::string_view json);

// Several operations share an output type (table_output, write_item_output, page_output):
// declaring its specialisation once per operation is allowed and keeps the list the source.
#define DDBKIT_DECLARE_PARSE_OUTPUT(op) \
  template <>                          \
  result<op##_output> parse_output<op##_output>(std::string_view json);
DDBKIT_FOR_EACH_OPERATION(DDBKIT_DECLARE_PARSE_OUTPUT)
#undef DDBKIT_DECLARE_PARSE_OUTPUT

/// Maps an error response to an error: the code from `__type` (the part after '#'), or
/// from the HTTP status for unknown types and bodies that are not JSON (5xx →
/// internal_server_error, 503 → service_unavailable, else unknown); the message from
/// "message" or "Message"; aws_type() and http_status() always set. A
/// ConditionalCheckFailedException's "Item" becomes old_item(); a
/// TransactionCanceledException's "CancellationReasons" become cancellation_reasons(), one
/// per action in the request's order (an undecodable Item leaves that reason without one,
/// never shifts the others). The code stays transaction_canceled whatever the reasons;
/// error::retryable() decides from them. Never throws.
error parse_error_response(int http_status, std::string_view body);

}  // namespace ddbkit

#pragma once
// The JSON 1.0 wire form of every operation: request bodies out, response bodies in.
// Pure functions: no I/O, no clock, no shared state, so safe to call from any thread.
// They never throw for bad input; a failure is an `error` in the result.
#include <ddbkit/error.hpp>
#include <ddbkit/model/batch_get_item.hpp>
#include <ddbkit/model/batch_write_item.hpp>
#include <ddbkit/model/create_table.hpp>
#include <ddbkit/model/delete_item.hpp>
#include <ddbkit/model/delete_table.hpp>
#include <ddbkit/model/describe_table.hpp>
#include <ddbkit/model/describe_time_to_live.hpp>
#include <ddbkit/model/get_item.hpp>
#include <ddbkit/model/list_tables.hpp>
#include <ddbkit/model/put_item.hpp>
#include <ddbkit/model/query.hpp>
#include <ddbkit/model/scan.hpp>
#include <ddbkit/model/transact_get_items.hpp>
#include <ddbkit/model/transact_write_items.hpp>
#include <ddbkit/model/update_item.hpp>
#include <ddbkit/model/update_table.hpp>
#include <ddbkit/model/update_time_to_live.hpp>

#include <string>
#include <string_view>

namespace ddbkit {

/// The request body, after checking the input against DynamoDB's limits (DESIGN.md
/// "Limits"): a `validation` error names the field at fault in its AWS spelling, prefixed
/// with the operation, e.g. "PutItem.Item.tags" or "BatchWriteItem.RequestItems[orders][3]";
/// error::field() returns it. Nothing is sent for a refused input, so no attempt is counted.
result<std::string> serialize(const create_table_input& in);
result<std::string> serialize(const delete_table_input& in);
result<std::string> serialize(const describe_table_input& in);
result<std::string> serialize(const list_tables_input& in);
result<std::string> serialize(const update_table_input& in);
result<std::string> serialize(const update_time_to_live_input& in);
result<std::string> serialize(const describe_time_to_live_input& in);
result<std::string> serialize(const get_item_input& in);
result<std::string> serialize(const put_item_input& in);
result<std::string> serialize(const update_item_input& in);
result<std::string> serialize(const delete_item_input& in);
result<std::string> serialize(const query_input& in);
result<std::string> serialize(const scan_input& in);
result<std::string> serialize(const batch_get_item_input& in);
result<std::string> serialize(const batch_write_item_input& in);
result<std::string> serialize(const transact_get_items_input& in);
result<std::string> serialize(const transact_write_items_input& in);

/// Decodes a 2xx response body. A body that is not JSON, a member of the wrong JSON type,
/// an unknown enum value, an undecodable attribute value or a missing required member
/// (e.g. Query's Count) gives a `serialization` error whose message starts with the
/// member's path, e.g. "ConsumedCapacity.CapacityUnits: expected a number". Unknown
/// members are ignored, so newer DynamoDB responses still decode. Defined (specialised
/// below) for every `operation_traits<>::output`; other types do not link.
template <class Output>
result<Output> parse_output(std::string_view json);

// The outputs (several operations share one: table_output, write_item_output, page_output).
template <>
result<table_output> parse_output<table_output>(std::string_view json);
template <>
result<list_tables_output> parse_output<list_tables_output>(std::string_view json);
template <>
result<update_time_to_live_output> parse_output<update_time_to_live_output>(std::string_view json);
template <>
result<describe_time_to_live_output> parse_output<describe_time_to_live_output>(std::string_view json);
template <>
result<get_item_output> parse_output<get_item_output>(std::string_view json);
template <>
result<write_item_output> parse_output<write_item_output>(std::string_view json);
template <>
result<page_output> parse_output<page_output>(std::string_view json);
template <>
result<batch_get_item_output> parse_output<batch_get_item_output>(std::string_view json);
template <>
result<batch_write_item_output> parse_output<batch_write_item_output>(std::string_view json);
template <>
result<transact_get_items_output> parse_output<transact_get_items_output>(std::string_view json);
template <>
result<transact_write_items_output> parse_output<transact_write_items_output>(std::string_view json);

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

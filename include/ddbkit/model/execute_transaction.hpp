#pragma once
// ExecuteTransaction: up to 100 PartiQL statements, all applied or none.
#include <ddbkit/model/common.hpp>
#include <ddbkit/model/operation.hpp>

namespace ddbkit {

/// One statement of a transaction. Reads (SELECT) and writes cannot be mixed in one
/// transaction; a write transaction may also hold `EXISTS(SELECT …)` condition checks.
struct parameterized_statement {
  std::string statement;
  /// The values of the statement's `?` placeholders, in order; empty: none are sent.
  std::vector<attribute_value> parameters;
  std::optional<ddbkit::return_values_on_condition_check_failure> return_values_on_condition_check_failure;
};

/// Checked before sending: 1..100 statements, each as execute_statement_input's, and a
/// token of 1..36 characters. Unlike transact_write_items_input, two statements on one item
/// and the 4 MB limit are left to DynamoDB: finding the items needs the PartiQL parsed.
struct execute_transaction_input {
  std::vector<parameterized_statement> transact_statements;  ///< 1..100
  /// Idempotency token (1..36 characters): a repeat within 10 minutes is not applied twice.
  std::optional<std::string> client_request_token;
  std::optional<ddbkit::return_consumed_capacity> return_consumed_capacity;
};

struct execute_transaction_output {
  /// For a read transaction, one per statement in order; DynamoDB sends none for a write
  /// transaction (DynamoDB Local: an empty array).
  std::vector<item_response> responses;
  std::vector<ddbkit::consumed_capacity> consumed_capacity;
};

template <>
struct operation_traits<execute_transaction_input> {
  using output = execute_transaction_output;
  static constexpr std::string_view name = "ExecuteTransaction";
  /// The ClientRequestToken (always set before the first request) makes DynamoDB apply a
  /// repeat within 10 minutes only once.
  static constexpr bool repeat_is_harmless(const execute_transaction_input&) { return true; }
};

}  // namespace ddbkit

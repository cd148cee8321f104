#pragma once
// BatchExecuteStatement: up to 25 PartiQL statements, each succeeding or failing on its own.
#include <ddbkit/model/common.hpp>
#include <ddbkit/model/operation.hpp>

namespace ddbkit {

/// One statement of a batch: a single-item SELECT (by full key), or a write of one item.
/// DynamoDB refuses a batch that mixes reads and writes (`validation`).
struct batch_statement_request {
  std::string statement;
  /// The values of the statement's `?` placeholders, in order; empty: none are sent.
  std::vector<attribute_value> parameters;
  std::optional<bool> consistent_read;
  std::optional<ddbkit::return_values_on_condition_check_failure> return_values_on_condition_check_failure;
};

/// Checked before sending: 1..25 statements, each as execute_statement_input's.
struct batch_execute_statement_input {
  std::vector<batch_statement_request> statements;  ///< 1..25
  std::optional<ddbkit::return_consumed_capacity> return_consumed_capacity;
};

/// Why one statement of a batch failed.
struct batch_statement_error {
  /// DynamoDB's code, e.g. "ConditionalCheckFailed", "DuplicateItem", "ValidationError",
  /// "ProvisionedThroughputExceeded", "TransactionConflict".
  std::string code;
  std::string message;               ///< the server's message, may be empty
  std::optional<ddbkit::item> item;  ///< the item as it was, when ALL_OLD was asked
  friend bool operator==(const batch_statement_error&, const batch_statement_error&) = default;
};

/// The outcome of one statement, at the statement's position in the request.
struct batch_statement_response {
  std::optional<std::string> table_name;
  std::optional<ddbkit::item> item;  ///< a SELECT's item; absent when no item has the key
  std::optional<batch_statement_error> error;  ///< set when this statement failed
  friend bool operator==(const batch_statement_response&, const batch_statement_response&) = default;
};

struct batch_execute_statement_output {
  std::vector<batch_statement_response> responses;  ///< aligned with the statements (required in the body)
  std::vector<ddbkit::consumed_capacity> consumed_capacity;
};

template <>
struct operation_traits<batch_execute_statement_input> {
  using output = batch_execute_statement_output;
  static constexpr std::string_view name = "BatchExecuteStatement";
  /// Harmless only when every statement is a SELECT (see execute_statement_input's rule).
  static bool repeat_is_harmless(const batch_execute_statement_input& in);
};

}  // namespace ddbkit

#pragma once
// ExecuteStatement: one PartiQL statement (a read, or a write of a single item).
#include <ddbkit/model/common.hpp>
#include <ddbkit/model/operation.hpp>

namespace ddbkit {

/// Checked before sending: a statement of 1..8192 characters, every parameter sendable (no
/// empty sets, nesting ≤ 32, …), a next_token of 1..32768 characters and a limit ≥ 1. The
/// statement itself is not parsed: PartiQL errors come from the service (`validation`).
struct execute_statement_input {
  std::string statement;  ///< e.g. `SELECT * FROM "orders" WHERE pk = ?`
  /// The values of the statement's `?` placeholders, in order; empty: none are sent.
  std::vector<attribute_value> parameters;
  std::optional<bool> consistent_read;
  std::optional<std::string> next_token;  ///< a previous page's next_token, to continue a SELECT
  std::optional<int> limit;               ///< items evaluated (before the WHERE filter) per page
  std::optional<ddbkit::return_consumed_capacity> return_consumed_capacity;
  std::optional<ddbkit::return_values_on_condition_check_failure> return_values_on_condition_check_failure;
};

struct execute_statement_output {
  std::vector<ddbkit::item> items;  ///< a SELECT's items; empty for a write
  /// Set when a SELECT has more pages: pass it back with the same statement and parameters.
  std::optional<std::string> next_token;
  std::optional<ddbkit::item> last_evaluated_key;
  std::optional<ddbkit::consumed_capacity> consumed_capacity;
};

template <>
struct operation_traits<execute_statement_input> {
  using output = execute_statement_output;
  static constexpr std::string_view name = "ExecuteStatement";
  /// Harmless only for a SELECT: a repeated INSERT fails on its own first success
  /// (DuplicateItem), and an UPDATE may depend on the value it changed.
  static bool repeat_is_harmless(const execute_statement_input& in);
};

}  // namespace ddbkit

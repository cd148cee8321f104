// ExecuteStatement, BatchExecuteStatement and ExecuteTransaction: the PartiQL operations.
// The statements are sent as written; only their length and parameters are checked here.
#include <ddbkit/model/serialization.hpp>
#include <ddbkit/value/limits.hpp>

#include "model/common_json.hpp"
#include "model/json_write.hpp"
#include "model/validation.hpp"
#include "value/json_codec.hpp"

namespace ddbkit {

using namespace detail;

namespace {


/// The statement and its parameters, whose members are named `at`.Statement and
/// `at`.Parameters[i] (`at` is the operation, or the statement's place in a list).
result<void> check_statement(const std::string& statement, const std::vector<attribute_value>& parameters,
                             const std::string& at) {
  if (auto r = check_length(statement, max_statement_length, at + ".Statement"); !r) return r;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    if (auto r = limits::validate_value(parameters[i], indexed(at + ".Parameters", i)); !r) return r;
  }
  return {};
}

/// Checks every element of a list of statements, named `list`[i].
template <class Statement>
result<void> check_statements(const std::vector<Statement>& statements, std::size_t max, const std::string& list) {
  if (auto r = check_count(statements.size(), max, list, "statements"); !r) return r;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (auto r = check_statement(statements[i].statement, statements[i].parameters, indexed(list, i)); !r) return r;
  }
  return {};
}

/// "Statement", and "Parameters" when there are any (DynamoDB refuses an empty array).
void write_statement(json_writer& w, const std::string& statement, const std::vector<attribute_value>& parameters) {
  w.member("Statement", statement);
  if (parameters.empty()) return;
  w.key("Parameters");
  w.begin_array();
  for (const auto& p : parameters) write_attribute_value(w, p);
  w.end_array();
}

/// An array of statement objects under `key`, each written by `write_rest` after its
/// Statement and Parameters.
template <class Statement, class WriteRest>
void write_statements(json_writer& w, std::string_view key, const std::vector<Statement>& statements,
                      WriteRest write_rest) {
  w.key(key);
  w.begin_array();
  for (const auto& s : statements) {
    w.begin_object();
    write_statement(w, s.statement, s.parameters);
    write_rest(w, s);
    w.end_object();
  }
  w.end_array();
}

void read_statement_error(json_reader& r, batch_statement_error& e) {
  r.read_required("Code", e.code);
  r.read("Message", e.message);
  r.read("Item", e.item);
}

void read_statement_response(json_reader& r, batch_statement_response& s) {
  r.read("TableName", s.table_name);
  r.read("Item", s.item);
  r.read_object("Error", s.error, read_statement_error);
}

}  // namespace

result<std::string> serialize(const execute_statement_input& in, const request_defaults& defaults) {
  if (auto r = first_failure(
          check_statement(in.statement, in.parameters, "ExecuteStatement"),
          in.next_token ? check_length(*in.next_token, max_next_token_length, "ExecuteStatement.NextToken")
                        : result<void>{},
          check_limit(in.limit, "ExecuteStatement.Limit"));
      !r) {
    return std::unexpected(r.error());
  }
  return json_object([&](json_writer& w) {
    write_statement(w, in.statement, in.parameters);
    write_optional(w, "ConsistentRead", in.consistent_read);
    write_optional(w, "NextToken", in.next_token);
    write_optional(w, "Limit", in.limit);
    write_capacity(w, in.return_consumed_capacity, defaults);
    write_optional(w, "ReturnValuesOnConditionCheckFailure", in.return_values_on_condition_check_failure);
  });
}

result<std::string> serialize(const batch_execute_statement_input& in, const request_defaults& defaults) {
  if (auto r = check_statements(in.statements, max_batch_statements, "BatchExecuteStatement.Statements"); !r) {
    return std::unexpected(r.error());
  }
  return json_object([&](json_writer& w) {
    write_statements(w, "Statements", in.statements, [](json_writer& sw, const batch_statement_request& s) {
      write_optional(sw, "ConsistentRead", s.consistent_read);
      write_optional(sw, "ReturnValuesOnConditionCheckFailure", s.return_values_on_condition_check_failure);
    });
    write_capacity(w, in.return_consumed_capacity, defaults);
  });
}

result<std::string> serialize(const execute_transaction_input& in, const request_defaults& defaults) {
  const auto token = request_token(in.client_request_token, defaults);
  if (auto r = first_failure(
          check_statements(in.transact_statements, max_transaction_actions, "ExecuteTransaction.TransactStatements"),
          check_client_request_token(token, "ExecuteTransaction.ClientRequestToken"));
      !r) {
    return std::unexpected(r.error());
  }
  return json_object([&](json_writer& w) {
    write_statements(w, "TransactStatements", in.transact_statements, [](json_writer& sw, const parameterized_statement& s) {
      write_optional(sw, "ReturnValuesOnConditionCheckFailure", s.return_values_on_condition_check_failure);
    });
    write_optional(w, "ClientRequestToken", token);
    write_capacity(w, in.return_consumed_capacity, defaults);
  });
}

template <>
result<execute_statement_output> parse_output<execute_statement_output>(std::string_view json) {
  return parse_with<execute_statement_output>(json, [](json_reader& r, execute_statement_output& out) {
    r.read("Items", out.items);
    r.read("NextToken", out.next_token);
    r.read("LastEvaluatedKey", out.last_evaluated_key);
    read_consumed_capacity_member(r, out.consumed_capacity);
  });
}

template <>
result<batch_execute_statement_output> parse_output<batch_execute_statement_output>(std::string_view json) {
  return parse_with<batch_execute_statement_output>(json, [](json_reader& r, batch_execute_statement_output& out) {
    // One response per statement, in order: without them no statement's outcome is known.
    if (r.require("Responses")) r.read_objects("Responses", out.responses, read_statement_response);
    read_consumed_capacity_member(r, out.consumed_capacity);
  });
}

template <>
result<execute_transaction_output> parse_output<execute_transaction_output>(std::string_view json) {
  return parse_with<execute_transaction_output>(json, [](json_reader& r, execute_transaction_output& out) {
    // Optional, unlike TransactGetItems': a write transaction has no items to answer with.
    r.read_objects("Responses", out.responses, read_item_response);
    read_consumed_capacity_member(r, out.consumed_capacity);
  });
}

}  // namespace ddbkit

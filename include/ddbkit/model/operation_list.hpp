#pragma once
// Every DynamoDB operation ddbkit speaks, listed once. The client's functions, the
// serialization declarations, the compiled instantiations and the per-operation tests are
// generated from DDBKIT_FOR_EACH_OPERATION; adding an operation is its model header and
// source, plus its #include and its entry here.
#include <ddbkit/model/batch_execute_statement.hpp>
#include <ddbkit/model/batch_get_item.hpp>
#include <ddbkit/model/batch_write_item.hpp>
#include <ddbkit/model/create_table.hpp>
#include <ddbkit/model/delete_item.hpp>
#include <ddbkit/model/delete_table.hpp>
#include <ddbkit/model/describe_limits.hpp>
#include <ddbkit/model/describe_table.hpp>
#include <ddbkit/model/describe_time_to_live.hpp>
#include <ddbkit/model/execute_statement.hpp>
#include <ddbkit/model/execute_transaction.hpp>
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

/// Calls X(name) for every operation, where `name_input` and `name_output` are its request
/// and response types and `operation_traits<name_input>` describes it.
#define DDBKIT_FOR_EACH_OPERATION(X) \
  X(create_table)                    \
  X(delete_table)                    \
  X(describe_table)                  \
  X(list_tables)                     \
  X(update_table)                    \
  X(update_time_to_live)             \
  X(describe_time_to_live)           \
  X(get_item)                        \
  X(put_item)                        \
  X(update_item)                     \
  X(delete_item)                     \
  X(query)                           \
  X(scan)                            \
  X(batch_get_item)                  \
  X(batch_write_item)                \
  X(transact_get_items)              \
  X(transact_write_items)            \
  X(execute_statement)               \
  X(batch_execute_statement)         \
  X(execute_transaction)             \
  X(describe_limits)

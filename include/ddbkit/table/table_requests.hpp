#pragma once
// The requests a table<T> sends, built from keys, items and expression builders: every
// expression of a request goes through one expression_context, so the caller never copies
// placeholder tables by hand. Pure: no I/O, safe to call concurrently.
#include <ddbkit/call_options.hpp>
#include <ddbkit/expr/condition.hpp>
#include <ddbkit/expr/key_condition.hpp>
#include <ddbkit/expr/projection_list.hpp>
#include <ddbkit/expr/update.hpp>
#include <ddbkit/model/delete_item.hpp>
#include <ddbkit/model/get_item.hpp>
#include <ddbkit/model/put_item.hpp>
#include <ddbkit/model/query.hpp>
#include <ddbkit/model/scan.hpp>
#include <ddbkit/model/update_item.hpp>
#include <ddbkit/table/table_schema.hpp>

#include <optional>
#include <string>

namespace ddbkit {

struct get_options {
  /// Strongly consistent: sees every write acknowledged before the read.
  bool consistent_read = false;
  /// The attributes to read; empty for the whole item. (A typed read needs every member
  /// that is not optional.)
  expr::projection_list projection;
  call_options call;
};

struct write_options {
  /// ConditionExpression; empty for an unconditional write.
  expr::condition condition;
  /// On a failed condition, the item as it was comes back in error::old_item().
  bool old_item_on_condition_failure = false;
  call_options call;
};

/// What an update returns.
enum class returned { nothing, old_item, new_item, updated_old, updated_new };

struct update_options {
  expr::condition condition;
  bool old_item_on_condition_failure = false;
  /// ReturnValues: `nothing` (the default), the whole item before or after, or only the
  /// updated attributes before or after (those are partial items: read them as `item`).
  returned returns = returned::nothing;
  call_options call;
};

struct query_request {
  /// Partition key equality and at most one sort key condition (required).
  expr::key_condition key_condition;
  /// A secondary index to query; empty for the table.
  std::string index;
  /// Applied after reading: count and scanned_count tell them apart.
  expr::condition filter;
  expr::projection_list projection;
  /// Refused on a global secondary index (DynamoDB cannot), before sending.
  bool consistent_read = false;
  /// Sort key descending (ScanIndexForward = false).
  bool descending = false;
  /// Items read per request (Limit); empty for DynamoDB's 1 MB pages.
  std::optional<int> page_size;
  /// Select COUNT: pages carry counts, no items.
  bool count_only = false;
  call_options call;
};

struct scan_request {
  std::string index;
  expr::condition filter;
  expr::projection_list projection;
  bool consistent_read = false;
  std::optional<int> page_size;
  bool count_only = false;
  /// Parallel scan: this reader's segment of total_segments (1..1,000,000); empty for all.
  std::optional<int> segment;
  std::optional<int> total_segments;
  call_options call;
};

/// The table a request goes to.
struct table_ref {
  std::string name;
  table_schema schema;
};

result<get_item_input> make_get(const table_ref& table, const key& k, const get_options& options);
result<put_item_input> make_put(const table_ref& table, item value, const write_options& options);
result<update_item_input> make_update(const table_ref& table, const key& k, const expr::update& change,
                                      const update_options& options);
result<delete_item_input> make_delete(const table_ref& table, const key& k, const write_options& options);
/// `start`: the ExclusiveStartKey of the page (a previous page's last key). A consistent
/// read on a global secondary index, or an unknown index, is a `validation` error.
result<query_input> make_query(const table_ref& table, const query_request& request, std::optional<item> start);
result<scan_input> make_scan(const table_ref& table, const scan_request& request, std::optional<item> start);

}  // namespace ddbkit

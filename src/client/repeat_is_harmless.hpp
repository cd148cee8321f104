#pragma once
// Internal: whether sending a request a second time can do no harm (DESIGN.md "Retry":
// a request whose outcome is unknown is repeated only then, unless the caller says so).
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

#include <string_view>

namespace ddbkit {

// Reads: repeating them changes nothing.
inline bool repeat_is_harmless(const get_item_input&) { return true; }
inline bool repeat_is_harmless(const batch_get_item_input&) { return true; }
inline bool repeat_is_harmless(const query_input&) { return true; }
inline bool repeat_is_harmless(const scan_input&) { return true; }
inline bool repeat_is_harmless(const transact_get_items_input&) { return true; }
inline bool repeat_is_harmless(const describe_table_input&) { return true; }
inline bool repeat_is_harmless(const describe_time_to_live_input&) { return true; }
inline bool repeat_is_harmless(const list_tables_input&) { return true; }

// Writes that leave the same state however often they are applied. A conditional write
// is not one of them: its second request would fail on its own first success.
bool repeat_is_harmless(const put_item_input& in);
bool repeat_is_harmless(const delete_item_input& in);
bool repeat_is_harmless(const update_item_input& in);
/// Batches cannot carry conditions; putting or deleting an item twice is the same.
inline bool repeat_is_harmless(const batch_write_item_input&) { return true; }
/// The ClientRequestToken (always set by the client before the first request) makes
/// DynamoDB apply a repeat within 10 minutes only once.
inline bool repeat_is_harmless(const transact_write_items_input&) { return true; }

// Control plane: a repeat reports an error for its own first success (ResourceInUse,
// ResourceNotFound, "TimeToLive is already enabled").
inline bool repeat_is_harmless(const create_table_input&) { return false; }
inline bool repeat_is_harmless(const delete_table_input&) { return false; }
inline bool repeat_is_harmless(const update_table_input&) { return false; }
inline bool repeat_is_harmless(const update_time_to_live_input&) { return false; }

/// A conservative textual check of an update expression: false when it may depend on the
/// item's current value — an ADD clause, arithmetic (`+`, `-`) or list_append. Placeholders
/// (`:add`, `#add`) and longer words are not mistaken for the ADD keyword.
bool update_expression_is_idempotent(std::string_view expression);

}  // namespace ddbkit

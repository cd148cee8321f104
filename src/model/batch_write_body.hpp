#pragma once
// Internal: a BatchWriteItem body assembled from writes serialized one at a time. A batch
// writer serializes each write once, however many requests carry it (retries, unprocessed
// items), and never copies an item to send it.
#include <ddbkit/model/batch_write_item.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ddbkit::detail {

/// {"PutRequest":{"Item":…}} (a put of `value`) or {"DeleteRequest":{"Key":…}} (a delete of
/// the key `value`), exactly as serialize() writes it in a body. Not checked: the caller has
/// checked the item (check_item) or key (check_key).
std::string write_request_json(bool is_put, const item& value);

/// The write that write_request_json() made `json` of, equal to the one it was made of.
result<write_request> parse_write_request_json(std::string_view json);

/// One write of a body: its table and its write_request_json text.
struct serialized_write {
  std::string_view table;
  std::string_view json;
};

/// The body of a BatchWriteItem of `writes` (grouped per table, tables and writes in the
/// order given). The caller has checked what serialize() checks: 1 to 25 writes, valid table
/// names, no two writes of one item, the size.
std::string batch_write_body(std::span<const serialized_write> writes,
                             std::optional<return_consumed_capacity> capacity);

}  // namespace ddbkit::detail

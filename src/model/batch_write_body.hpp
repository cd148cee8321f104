#pragma once
// Internal: a BatchWriteItem body written straight from the writes' items. A batch writer
// keeps its writes where they are (the caller's items, or its own) and serializes each
// request's writes into the body, instead of copying them into a batch_write_item_input.
#include <ddbkit/model/batch_write_item.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ddbkit::detail {

/// One write of a body: a put of `value`, or a delete of the key `value`, in `table`.
struct write_ref {
  std::string_view table;
  bool is_put = true;
  const item* value = nullptr;
};

/// The body of a BatchWriteItem of `writes` (grouped per table; tables and writes in the
/// order given), as serialize() writes it. Not checked: the caller has checked what
/// serialize() checks (1 to 25 writes, table names, items and keys, no two writes of one
/// item, the size). `size_hint`: the body's expected size, reserved at once.
std::string batch_write_body(std::span<const write_ref> writes, std::optional<return_consumed_capacity> capacity,
                             std::size_t size_hint = 0);

}  // namespace ddbkit::detail

#pragma once
// BatchWriteItem: request and response.
#include <ddbkit/model/common.hpp>
#include <ddbkit/model/operation.hpp>

#include <variant>

namespace ddbkit {

/// One put or delete of a batch. Made by put() or remove(), so it always is exactly one
/// (two optionals could hold both or neither). A regular value type.
class write_request {
 public:
  static write_request put(ddbkit::item item) { return write_request(put_tag{std::move(item)}); }
  static write_request remove(ddbkit::item key) { return write_request(delete_tag{std::move(key)}); }

  /// The item to put, or nullptr for a delete.
  const ddbkit::item* put_item() const noexcept {
    const auto* p = std::get_if<put_tag>(&v_);
    return p ? &p->item : nullptr;
  }
  /// The key to delete, or nullptr for a put.
  const ddbkit::item* delete_key() const noexcept {
    const auto* d = std::get_if<delete_tag>(&v_);
    return d ? &d->key : nullptr;
  }
  friend bool operator==(const write_request&, const write_request&) = default;

 private:
  struct put_tag {
    ddbkit::item item;
    friend bool operator==(const put_tag&, const put_tag&) = default;
  };
  struct delete_tag {
    ddbkit::item key;
    friend bool operator==(const delete_tag&, const delete_tag&) = default;
  };
  explicit write_request(std::variant<put_tag, delete_tag> v) : v_(std::move(v)) {}
  std::variant<put_tag, delete_tag> v_;
};

/// Table name → its writes.
using write_requests = std::map<std::string, std::vector<write_request>, std::less<>>;

/// Checked before sending: 1..25 writes in total, valid table names, every item and key
/// sendable, the request ≤ 16 MB, and no two writes of one item. The key schema is not
/// known at this layer, so only certain duplicates are refused: deletes with equal keys; a
/// put whose item holds a delete's key attributes with the same values; puts of equal
/// items; and puts equal on the attributes of a delete key of the same table. Two puts of
/// one key that differ elsewhere, in a table without deletes in the batch, pass here and
/// DynamoDB refuses them (ValidationException).
struct batch_write_item_input {
  write_requests request_items;  ///< 1..25 writes in total
  std::optional<ddbkit::return_consumed_capacity> return_consumed_capacity;
  std::optional<ddbkit::return_item_collection_metrics> return_item_collection_metrics;
};

struct batch_write_item_output {
  write_requests unprocessed_items;  ///< not written: send them again (empty when all were)
  std::vector<ddbkit::consumed_capacity> consumed_capacity;
  std::map<std::string, std::vector<ddbkit::item_collection_metrics>> item_collection_metrics;
};

template <>
struct operation_traits<batch_write_item_input> {
  using output = batch_write_item_output;
  static constexpr std::string_view name = "BatchWriteItem";
  /// Batches carry no conditions; putting or deleting an item twice leaves the same state.
  static constexpr bool repeat_is_harmless(const batch_write_item_input&) { return true; }
};

}  // namespace ddbkit

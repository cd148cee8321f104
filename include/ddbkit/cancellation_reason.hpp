#pragma once
#include <ddbkit/value/attribute_value.hpp>

#include <optional>
#include <string>

namespace ddbkit {

/// Why one action of a canceled transaction failed. Reasons are aligned with the
/// request's actions: the i-th reason belongs to the i-th action; `code == "None"` means
/// that action was fine.
struct cancellation_reason {
  std::string code;           ///< e.g. "None", "ConditionalCheckFailed", "TransactionConflict"
  std::string message;        ///< the server's message, may be empty
  std::optional<ddbkit::item> item;///< the item as it was, when ALL_OLD was requested

  bool ok() const noexcept { return code == "None" || code.empty(); }
  friend bool operator==(const cancellation_reason&, const cancellation_reason&) = default;
};

}  // namespace ddbkit

#pragma once
// What a client fills in for an input that leaves it unset, passed beside the input to
// serialize() so that filling it in never copies the input.
#include <ddbkit/model/common.hpp>

#include <optional>
#include <string_view>

namespace ddbkit {

struct request_defaults {
  /// The ClientRequestToken of a transaction (TransactWriteItems, ExecuteTransaction) whose
  /// input has none or an empty one; empty: none. Other operations ignore it.
  std::string_view client_request_token;
  /// ReturnConsumedCapacity for an input that leaves it unset; operations without the
  /// member ignore it.
  std::optional<ddbkit::return_consumed_capacity> return_consumed_capacity;
};

}  // namespace ddbkit

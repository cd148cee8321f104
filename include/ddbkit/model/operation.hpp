#pragma once
// Operation traits: the output type and wire name of each request type.
#include <string_view>

namespace ddbkit {

/// Specialised for every `X_input` of include/ddbkit/model/:
///   using output = X_output;  static constexpr std::string_view name = "X" (X-Amz-Target).
template <class Input>
struct operation_traits;

}  // namespace ddbkit

#pragma once
// Operation traits: the output type and wire name of each request type.
#include <concepts>
#include <string_view>

namespace ddbkit {

/// Specialised, in each operation's header, for every `X_input` of include/ddbkit/model/:
///   using output = X_output;
///   static constexpr std::string_view name = "X";
/// The X-Amz-Target header of a request is "DynamoDB_20120810." followed by `name`.
template <class Input>
struct operation_traits;

/// A type with an operation_traits specialisation: one of the 17 request types.
template <class Input>
concept operation_input = requires {
  typename operation_traits<Input>::output;
  { operation_traits<Input>::name } -> std::convertible_to<std::string_view>;
};

}  // namespace ddbkit

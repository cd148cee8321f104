#pragma once
// Operation traits: what the client needs to know about each request type.
#include <concepts>
#include <string_view>

namespace ddbkit {

/// Specialised, in each operation's header, for every `X_input` of include/ddbkit/model/:
///   using output = X_output;
///   static constexpr std::string_view name = "X";          // the DynamoDB API name
///   static bool repeat_is_harmless(const X_input&);         // may be constexpr
/// The X-Amz-Target header of a request is "DynamoDB_20120810." followed by `name`.
/// `repeat_is_harmless` says whether sending the same request twice leaves the same state
/// and the same answer (DESIGN.md "Retry"): a request whose outcome is unknown (sent, then
/// a reset or timeout before the answer) is repeated only then, or when the caller marks
/// the call idempotent.
template <class Input>
struct operation_traits;

/// A type with a complete operation_traits specialisation: one of the request types of
/// <ddbkit/model/operation_list.hpp>.
template <class Input>
concept operation_input = requires(const Input& in) {
  typename operation_traits<Input>::output;
  { operation_traits<Input>::name } -> std::convertible_to<std::string_view>;
  { operation_traits<Input>::repeat_is_harmless(in) } -> std::same_as<bool>;
};

}  // namespace ddbkit

#pragma once
// DynamoDB's limits on expressions, checked when an expression is rendered (beside the
// value limits of <ddbkit/value/limits.hpp>, in the same namespace).
#include <cstddef>

namespace ddbkit::limits {

/// Any expression string, in bytes.
inline constexpr std::size_t max_expression_size = 4 * 1024;
/// A placeholder ("#name" or ":value"), in bytes.
inline constexpr std::size_t max_placeholder_size = 255;
/// Operators and functions in one UpdateExpression.
inline constexpr std::size_t max_update_operators = 300;
/// Candidates of one IN.
inline constexpr std::size_t max_in_candidates = 100;
/// Levels below the top-level attribute in a document path.
inline constexpr std::size_t max_path_depth = 32;

}  // namespace ddbkit::limits

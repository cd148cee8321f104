#pragma once
// DescribeLimits: the account's and each table's capacity limits in the region.
#include <ddbkit/model/operation.hpp>

#include <cstdint>
#include <string_view>

namespace ddbkit {

/// No parameters: the request body is `{}`.
struct describe_limits_input {};

/// Provisioned capacity units. All four are required in the response (DynamoDB and
/// DynamoDB Local always send them); a body without one is a `serialization` error.
struct describe_limits_output {
  std::int64_t account_max_read_capacity_units = 0;   ///< over all tables and GSIs of the account
  std::int64_t account_max_write_capacity_units = 0;
  std::int64_t table_max_read_capacity_units = 0;     ///< for one table and its GSIs
  std::int64_t table_max_write_capacity_units = 0;
  friend bool operator==(const describe_limits_output&, const describe_limits_output&) = default;
};

template <>
struct operation_traits<describe_limits_input> {
  using output = describe_limits_output;
  static constexpr std::string_view name = "DescribeLimits";
  /// A read.
  static constexpr bool repeat_is_harmless(const describe_limits_input&) { return true; }
};

}  // namespace ddbkit

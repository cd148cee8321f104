#pragma once
// DescribeTimeToLive: request and response.
#include <ddbkit/model/common.hpp>
#include <ddbkit/model/operation.hpp>

namespace ddbkit {

struct time_to_live_description {
  ddbkit::time_to_live_status time_to_live_status = time_to_live_status::disabled;
  std::string attribute_name;  ///< empty when TTL was never enabled
};

struct describe_time_to_live_input {
  std::string table_name;
};

struct describe_time_to_live_output {
  std::optional<ddbkit::time_to_live_description> time_to_live_description;
};

template <>
struct operation_traits<describe_time_to_live_input> {
  using output = describe_time_to_live_output;
  static constexpr std::string_view name = "DescribeTimeToLive";
  /// A read.
  static constexpr bool repeat_is_harmless(const describe_time_to_live_input&) { return true; }
};

}  // namespace ddbkit

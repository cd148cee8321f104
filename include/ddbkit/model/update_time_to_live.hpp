#pragma once
// UpdateTimeToLive: request and response.
#include <ddbkit/model/common.hpp>
#include <ddbkit/model/operation.hpp>

namespace ddbkit {

struct time_to_live_specification {
  bool enabled = true;
  std::string attribute_name;  ///< a Number attribute holding epoch seconds
};

struct update_time_to_live_input {
  std::string table_name;
  ddbkit::time_to_live_specification time_to_live_specification;
};

struct update_time_to_live_output {
  std::optional<ddbkit::time_to_live_specification> time_to_live_specification;
};

template <>
struct operation_traits<update_time_to_live_input> {
  using output = update_time_to_live_output;
  static constexpr std::string_view name = "UpdateTimeToLive";
  /// A repeat reports "TimeToLive is already enabled" for its own first success.
  static constexpr bool repeat_is_harmless(const update_time_to_live_input&) { return false; }
};

}  // namespace ddbkit

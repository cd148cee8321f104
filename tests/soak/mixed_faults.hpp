#pragma once
// The fault mix the soak tests run through (the issues' numbers): 30 % throttles, 5 % 5xx,
// 2 % resets before forwarding and 1 % after, and half of every other BatchWriteItem left
// unprocessed.
#include <ddbkit/testkit/fault_proxy.hpp>

#include <vector>

namespace ddbkit::testing {

/// The fault mix; each rule owns its slice of one seeded draw per request, so the
/// rates are exact in expectation and the run is repeatable.
inline std::vector<testkit::fault_rule> mixed_faults() {
  return {{.operation = "BatchWriteItem", .action = testkit::fault_action::partial(0.5), .probability = 0.5},
          {.action = testkit::fault_action::of(testkit::fault_kind::throttle), .probability = 0.15},
          {.action = testkit::fault_action::of(testkit::fault_kind::throttling), .probability = 0.15},
          {.action = testkit::fault_action::of(testkit::fault_kind::internal_error), .probability = 0.025},
          {.action = testkit::fault_action::of(testkit::fault_kind::service_unavailable), .probability = 0.025},
          {.action = testkit::fault_action::of(testkit::fault_kind::reset_before), .probability = 0.02},
          {.action = testkit::fault_action::of(testkit::fault_kind::reset_after), .probability = 0.01}};
}

}  // namespace ddbkit::testing

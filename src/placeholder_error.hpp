#pragma once
// Internal: the error a value holds before it knows its outcome.
#include <ddbkit/error.hpp>

namespace ddbkit::detail {

/// The error a value holds before it knows its outcome ("not sent", "no exchange"), made
/// once per place and shared: copying it costs a reference count where a new error costs
/// two allocations, and such values are made for every request. `Site` tells the places
/// apart: `placeholder_error<struct not_sent>(error_code::unknown, "not sent")`. Errors
/// copy their details on write, so a caller that edits its copy leaves the shared one alone.
template <class Site>
const error& placeholder_error(error_code code, const char* message) {
  static const error shared(code, message);
  return shared;
}

}  // namespace ddbkit::detail

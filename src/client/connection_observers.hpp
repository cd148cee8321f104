#pragma once
// Internal: the bridge from the HTTP client's connection events to the client's observers.
#include <ddbkit/http/connection_listener.hpp>
#include <ddbkit/observer.hpp>

#include <memory>
#include <vector>

namespace ddbkit::detail {

/// A listener that tells every observer of `observers` (null entries skipped) about each
/// connection event; null when there is none, so an unobserved client pays nothing.
std::shared_ptr<http::connection_listener> connection_observers(
    const std::vector<std::shared_ptr<observer>>& observers);

}  // namespace ddbkit::detail

#pragma once
// Internal: the timestamps credential sources send ("2026-11-25T12:00:00Z").
#include <chrono>
#include <optional>
#include <string_view>

namespace ddbkit::detail {

/// Parses "YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)"; nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);

}  // namespace ddbkit::detail

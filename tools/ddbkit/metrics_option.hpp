#pragma once
// `--metrics`: the command's calls counted by ddbkit::prometheus, printed in Prometheus'
// text format on standard error when the command ends (standard output stays the data).
#include "failure.hpp"

#include <ddbkit/client_options.hpp>

#include <functional>
#include <string>

namespace ddbkit::cli {

/// Adds a Prometheus observer to `options` and returns what gives its text; bad input when
/// this CLI was built without ddbkit::prometheus (Debian's prometheus-cpp-dev).
outcome<std::function<std::string()>> attach_metrics(client_options& options);

}  // namespace ddbkit::cli

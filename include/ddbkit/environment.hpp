#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace ddbkit {

/// A view of environment variables: returns a variable's value, or nullopt when unset.
/// Configuration factories take one so that tests (and embedders) need not touch the
/// process environment.
using environment = std::function<std::optional<std::string>(std::string_view name)>;

/// The process environment (std::getenv). Reading it is the factories' job only: nothing
/// else in ddbkit reads the environment behind the caller's back.
environment process_environment();

}  // namespace ddbkit

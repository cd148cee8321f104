#pragma once
// An environment made of a map: tests set variables without touching the process.
#include <ddbkit/environment.hpp>

#include <map>
#include <string>

namespace ddbkit::testing {

using env_vars = std::map<std::string, std::string, std::less<>>;

inline environment fake_env(env_vars vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    if (auto it = vars.find(name); it != vars.end()) return it->second;
    return std::nullopt;
  };
}

}  // namespace ddbkit::testing

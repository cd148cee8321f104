#pragma once
// What every fuzz target shares: the input as text, and a property check that stops the
// run (libFuzzer then saves the input as a crash) when a round trip or invariant breaks.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace ddbkit::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Aborts with `what` when `holds` is false: a broken property is a bug like a crash.
inline void check(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

}  // namespace ddbkit::fuzz

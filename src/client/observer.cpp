#include <ddbkit/observer.hpp>

namespace ddbkit {

std::string_view to_string(circuit_state s) noexcept {
  switch (s) {
    case circuit_state::closed: return "closed";
    case circuit_state::open: return "open";
    case circuit_state::half_open: return "half_open";
  }
  return "closed";
}

}  // namespace ddbkit

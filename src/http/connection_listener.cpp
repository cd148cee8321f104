#include <ddbkit/http/connection_listener.hpp>

namespace ddbkit::http {

std::string_view to_string(connection_event event) noexcept {
  switch (event) {
    case connection_event::opened: return "opened";
    case connection_event::reused: return "reused";
    case connection_event::released: return "released";
    case connection_event::closed_idle: return "closed_idle";
    case connection_event::closed_busy: return "closed_busy";
  }
  return "opened";
}

}  // namespace ddbkit::http

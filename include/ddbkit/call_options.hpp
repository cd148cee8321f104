#pragma once
#include <chrono>

namespace ddbkit {

/// Per-call settings, passed beside the request (google-cloud-cpp's per-call options).
struct call_options {
  /// Time for the whole call; zero for the client's http.request_timeout.
  std::chrono::milliseconds timeout{0};
};

}  // namespace ddbkit

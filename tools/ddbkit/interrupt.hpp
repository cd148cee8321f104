#pragma once
// Ctrl-C as a request to stop cleanly: a long command (load) finishes what it has sent,
// says what was done, and exits 130, instead of dying with requests in flight.
#include <atomic>

namespace ddbkit::cli {

/// Installs a SIGINT handler that only sets the returned flag (nothing else is safe in a
/// signal handler), and returns the flag to poll. The handler is one-shot (SA_RESETHAND):
/// a second Ctrl-C kills the process at once, for when finishing takes too long. Blocking
/// reads are not restarted (no SA_RESTART), so a read of an idle pipe returns EINTR and the
/// reader sees the flag. Call from the main thread before starting other threads.
const std::atomic<bool>& stop_on_interrupt();

}  // namespace ddbkit::cli

#include "interrupt.hpp"

#include <csignal>

namespace ddbkit::cli {
namespace {

// A signal handler reaches no object: the flag has to be a global. It is lock-free, so
// setting it from the handler is async-signal-safe.
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_interrupt(int) { interrupted.store(true); }

}  // namespace

const std::atomic<bool>& stop_on_interrupt() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, nullptr);
  return interrupted;
}

}  // namespace ddbkit::cli

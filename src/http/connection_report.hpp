#pragma once
// Internal: one connection's state as its connection_listener sees it. Both kinds of
// connection (async and blocking) hold one and tell it their transitions; it turns them
// into connection_events, each exactly once, and nothing at all without a listener.
#include <ddbkit/http/connection_listener.hpp>
#include <ddbkit/http/endpoint.hpp>

#include <memory>
#include <string>

namespace ddbkit::http::detail {

/// Thread safety: none (its connection's).
class connection_report {
 public:
  connection_report(std::shared_ptr<connection_listener> listener, const endpoint& ep)
      : listener_(std::move(listener)), endpoint_(listener_ ? ep.url() : std::string()) {}
  ~connection_report() { closed(); }
  connection_report(const connection_report&) = delete;
  connection_report& operator=(const connection_report&) = delete;

  /// Connected: busy with its first request.
  void opened() noexcept {
    if (open_) return;
    open_ = true;
    idle_ = false;
    emit(connection_event::opened);
  }
  /// Taken for a request.
  void busy() noexcept {
    if (!open_ || !idle_) return;
    idle_ = false;
    emit(connection_event::reused);
  }
  /// Back in the pool.
  void idle() noexcept {
    if (!open_ || idle_) return;
    idle_ = true;
    emit(connection_event::released);
  }
  /// Closed (idempotent; also on destruction).
  void closed() noexcept {
    if (!open_) return;
    open_ = false;
    emit(idle_ ? connection_event::closed_idle : connection_event::closed_busy);
  }

 private:
  void emit(connection_event event) noexcept {
    if (listener_) listener_->on_connection(endpoint_, event);
  }

  std::shared_ptr<connection_listener> listener_;
  std::string endpoint_;  ///< the URL, only with a listener
  bool open_ = false;
  bool idle_ = false;
};

}  // namespace ddbkit::http::detail

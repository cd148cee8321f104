#pragma once
// Internal: the client's keep-alive connections, grouped by endpoint, with a FIFO queue of
// requests waiting for one when an endpoint is at its connection limit.
#include "http/connection.hpp"
#include "http/endpoint_map.hpp"

#include <ddbkit/http/http_options.hpp>

#include <atomic>
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ddbkit::http::detail {

/// Counters readable from any thread (http_client::stats()); written on the strand only.
struct pool_counters {
  std::atomic<std::size_t> opened{0};
  std::atomic<std::size_t> idle{0};
  std::atomic<std::size_t> busy{0};
  std::atomic<std::size_t> waiting{0};
};

/// A connection handed to one request. `reused` says it carried requests before (and so may
/// have been closed by the server while idle); a new one still has to be connected.
struct lease {
  std::shared_ptr<connection> conn;
  bool reused = false;
};

/// A request queued for a connection. The pool fills `granted` and cancels the timer; the
/// timer's own expiry is the queueing timeout. Cancelling the timer without a grant (request
/// aborted, pool shut down) ends the wait with an error.
struct pool_waiter {
  explicit pool_waiter(const client_strand& strand) : timer(strand) {}
  boost::asio::steady_timer timer;
  std::optional<lease> granted;
};

/// Every endpoint's connections: idle ones (reused most recent first, as the least likely to
/// have been closed by the server) and a count of busy ones (connecting or carrying a
/// request); idle + busy never exceeds max_connections_per_endpoint.
///
/// Thread safety: none; every member function must run on the strand given at construction
/// (the owning client's). Lifetime: the counters must outlive the pool.
class connection_pool {
 public:
  /// `listener` (may be null) is given to every connection the pool makes.
  connection_pool(client_strand strand, const http_options& options, pool_counters& counters,
                  std::shared_ptr<connection_listener> listener);
  connection_pool(const connection_pool&) = delete;
  connection_pool& operator=(const connection_pool&) = delete;

  /// An idle live connection for `ep` (unless `fresh`), else a new unconnected one if the
  /// endpoint is under its limit (with `fresh` at the limit, the oldest idle connection is
  /// closed to make room); an error once the pool is shut down; nothing when the endpoint
  /// is at its limit: then wait_for_connection(). Every lease obtained (here or there) must
  /// be given back with release(). (Two steps, so that the usual case costs no coroutine.)
  std::optional<result<lease>> acquire_now(const endpoint& ep, bool fresh);

  /// An idle live connection for `ep` (reused: true), or nothing (none idle, or the pool is
  /// shut down): acquire_now() for a caller that only goes on with a connection at hand.
  std::optional<lease> take_idle(const endpoint& ep);

  /// Waits in FIFO order until a connection of `ep` is released (or closed: then a new one
  /// may be opened) or `queue_timeout` passes (`timeout` error). While queued, `current`
  /// holds the waiter so the caller can abort the wait by cancelling its timer.
  boost::asio::awaitable<result<lease>> wait_for_connection(const endpoint& ep, std::chrono::milliseconds queue_timeout,
                                                            std::shared_ptr<pool_waiter>& current);

  /// Gives a leased connection back: to the first waiter or the idle list when `reusable`,
  /// else closes it and lets the first waiter open a new one.
  void release(const std::shared_ptr<connection>& conn, bool reusable);

  /// Closes every idle connection.
  void close_idle();

  /// Closes idle connections and ends every wait; later acquire() calls fail. Busy
  /// connections are the requests' to abort.
  void shutdown();

 private:
  struct endpoint_pool {
    std::vector<std::shared_ptr<connection>> idle;  ///< back = most recently used
    std::size_t busy = 0;
    std::deque<std::shared_ptr<pool_waiter>> waiters;
  };

  endpoint_pool& pool_for(const endpoint& ep);
  std::shared_ptr<connection> new_connection(endpoint_pool& pool, const endpoint& ep);
  void close_expired(endpoint_pool& pool);
  /// The most recent idle connection of `pool` that is still alive, leased; dead ones closed.
  std::optional<lease> take_idle_from(endpoint_pool& pool);
  void drop_idle(endpoint_pool& pool, std::size_t index);
  /// Lets the first waiter open a new connection if the limit allows.
  void grant_new(endpoint_pool& pool, const endpoint& ep);

  client_strand strand_;
  std::chrono::milliseconds idle_timeout_;
  std::chrono::milliseconds validate_after_;
  std::size_t max_per_endpoint_;
  pool_counters& counters_;
  std::shared_ptr<connection_listener> listener_;
  endpoint_map<endpoint_pool> pools_;
  bool shut_down_ = false;
};

}  // namespace ddbkit::http::detail

#include <ddbkit/http/http_client.hpp>

#include "http/blocking_connection.hpp"
#include "http/connection_pool.hpp"
#include "http/http_client_access.hpp"
#include "http/request_writer.hpp"

#include "error_builder.hpp"
#include "preset_error.hpp"

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>

#include <exception>
#include <future>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ddbkit::http {

namespace asio = boost::asio;
using detail::client_strand;

namespace {

using io_context_executor = asio::io_context::executor_type;
using io_context_strand = asio::strand<io_context_executor>;

/// A strand of `executor`. Over an io_context's own executor (the usual case) the strand
/// wraps it directly: every completion then goes through one type-erased executor instead
/// of two, and the strand asks the io_context, not another erased executor, whether it
/// may run a handler at once (which, through an erased executor, allocates).
/// An executor that is a strand already (a client with several I/O threads of its own, or
/// a caller's strand) serializes as it is: a strand over it would only take every handler
/// through two queues.
client_strand make_client_strand(const asio::any_io_executor& executor) {
  if (const auto* plain = executor.target<io_context_executor>()) return asio::make_strand(*plain);
  if (executor.target<io_context_strand>() || executor.target<asio::strand<asio::any_io_executor>>()) return executor;
  return asio::make_strand(executor);
}

/// Whether the calling thread runs inside `strand` now (for a client on one thread, its
/// io_context's executor: the thread that runs it).
bool runs_in(const client_strand& strand) {
  if (const auto* direct = strand.target<io_context_strand>()) return direct->running_in_this_thread();
  if (const auto* plain = strand.target<io_context_executor>()) return plain->running_in_this_thread();
  if (const auto* general = strand.target<asio::strand<asio::any_io_executor>>()) {
    return general->running_in_this_thread();
  }
  return false;
}

/// One request from initiation to completion: an async_send (owned by its coroutine and,
/// while it runs, by the client's set of active requests) or an exchange awaited in its
/// caller's coroutine (in that coroutine's frame). Touched only on the client's strand,
/// except `handler`'s cancellation slot, which async_send fills before the strand sees it.
struct request_state {
  /// A request awaited in its caller's coroutine (http_client_access::exchange): no handler.
  request_state() = default;
  // Boost 1.81's any_completion_handler move *assignment* recurses without end (it copies
  // `other` as an lvalue into its converting constructor): only ever move-construct it.
  explicit request_state(transport::handler h) : handler(std::move(h)) {}

  endpoint ep;
  std::string wire;
  bool head = false;
  std::chrono::milliseconds timeout{0};
  transport::handler handler;  ///< empty for a request awaited in its caller's coroutine
  /// The handler's associated executor, tracking outstanding work so its context keeps
  /// running until the completion is delivered.
  asio::any_completion_executor handler_executor;

  std::shared_ptr<detail::connection> conn;      ///< the connection in use, if any
  std::weak_ptr<detail::connection> last_conn;   ///< the connection the exchange used
  std::shared_ptr<detail::pool_waiter> waiter;   ///< the queue slot while waiting, if any
  struct abort_cause {
    error_code code;
    std::string message;
  };
  std::optional<abort_cause> abort_reason;       ///< set by cancellation or client shutdown
  bool done = false;

  /// Ends whatever the request is doing; its coroutine then completes with `reason`.
  void abort(error_code code, std::string reason) {
    if (done || abort_reason) return;
    abort_reason = abort_cause{code, std::move(reason)};
    if (waiter) waiter->timer.cancel();
    if (conn) conn->abort();
  }
};

/// Installed in the handler's cancellation slot. Signals may be emitted on any thread, so
/// the abort itself is posted to the strand; the weak pointer makes a late signal harmless.
struct cancel_request {
  std::weak_ptr<request_state> state;
  client_strand strand;

  void operator()(asio::cancellation_type type) const {
    if ((type & asio::cancellation_type::terminal) == asio::cancellation_type::none) return;
    asio::post(strand, [weak = state] {
      if (auto s = weak.lock()) s->abort(error_code::canceled, "operation canceled");
    });
  }
};

/// The state of a request completed through `h`, which keeps its associated executor
/// (default: `fallback`) busy until the completion is delivered.
std::shared_ptr<request_state> handled_request(transport::handler h, const asio::any_io_executor& fallback) {
  auto st = std::make_shared<request_state>(std::move(h));
  st->handler_executor =
      asio::prefer(asio::get_associated_executor(st->handler, fallback), asio::execution::outstanding_work.tracked);
  return st;
}

}  // namespace

/// Shared state of an http_client; requests in flight keep it alive past the client.
///
/// Thread safety: everything except `executor`, `strand`, `options` and `counters` is
/// touched only on `strand`: the pool, the TLS context, the set of active requests.
/// One strand serializes the pool and all socket completions of the client, so the
/// pool needs no locks and async_send may be called from any thread, whatever executor
/// the client was given (given a strand, that strand is the client's).
struct http_client::impl : std::enable_shared_from_this<impl> {
  impl(asio::any_io_executor ex, http_options opts, std::shared_ptr<connection_listener> events, bool one_thread)
      : executor(std::move(ex)),
        strand(one_thread ? executor : make_client_strand(executor)),
        options(std::move(opts)),
        listener(std::move(events)),
        pool(strand, options, counters, listener) {}

  asio::any_io_executor executor;
  client_strand strand;
  const http_options options;
  const std::shared_ptr<connection_listener> listener;  ///< may be null
  detail::pool_counters counters;
  detail::connection_pool pool;
  std::shared_ptr<asio::ssl::context> tls;  ///< created on first HTTPS use
  std::unordered_set<std::shared_ptr<request_state>> active;
  /// Connections used by exchanges awaited in their callers' coroutines since the last
  /// http_client_access::settle().
  std::vector<std::weak_ptr<detail::connection>> unsettled;
  bool shut_down = false;

  // send_blocking's connections: taken and given back by the calling threads, under the
  // lock; the exchange itself runs outside it.
  std::mutex blocking_mutex;
  detail::endpoint_map<std::vector<std::unique_ptr<detail::blocking_connection>>> blocking_idle;
  std::atomic<std::size_t> blocking_idle_count{0};
  bool blocking_closed = false;

  /// The most recently used idle connection to `ep` that is still usable, or null.
  std::unique_ptr<detail::blocking_connection> take_blocking(const endpoint& ep) {
    std::lock_guard lock(blocking_mutex);
    auto* found = blocking_idle.find(ep);
    if (found == nullptr) return nullptr;
    auto& idle = *found;
    const auto oldest_allowed = detail::clock::now() - options.idle_timeout;
    while (!idle.empty()) {
      auto conn = std::move(idle.back());
      idle.pop_back();
      --blocking_idle_count;
      if (conn->idle_since() >= oldest_allowed && conn->idle_alive(options.validate_after_inactivity)) {
        conn->mark_busy();
        return conn;
      }
    }
    return nullptr;
  }

  void give_back_blocking(std::unique_ptr<detail::blocking_connection> conn) {
    conn->mark_idle();
    std::lock_guard lock(blocking_mutex);
    auto& idle = blocking_idle[conn->target()];
    if (blocking_closed || idle.size() >= options.max_connections_per_endpoint) return;  // closes it
    idle.push_back(std::move(conn));
    ++blocking_idle_count;
  }

  void close_blocking_idle() {
    std::lock_guard lock(blocking_mutex);
    blocking_idle.clear();
    blocking_idle_count = 0;
  }

  result<response> send_blocking(const endpoint& ep, const std::string& wire, bool head,
                                 std::chrono::milliseconds timeout) {
    bool possibly_sent = false;  // an earlier attempt wrote the whole request
    for (int attempt = 0;; ++attempt) {
      auto conn = attempt == 0 ? take_blocking(ep) : nullptr;
      const bool reused = conn != nullptr;
      if (!conn) {
        conn = std::make_unique<detail::blocking_connection>(ep, listener);
        if (auto connected = conn->connect(options.connect_timeout); !connected) {
          return std::unexpected(ddbkit::detail::error_builder(connected.error()).outcome_unknown(possibly_sent).get());
        }
        ++counters.opened;
      }
      auto exchanged = conn->exchange(wire, head, timeout);
      possibly_sent = possibly_sent || exchanged.write_complete;
      if (exchanged.outcome) {
        if (exchanged.reusable) give_back_blocking(std::move(conn));
        return std::move(exchanged.outcome);
      }
      // As in execute(): a pooled connection the server closed while idle gets one more
      // try on a new one, unless the request got out (then the retry layer decides).
      if (reused && exchanged.stale && !exchanged.write_complete && attempt == 0) continue;
      return std::unexpected(
          ddbkit::detail::error_builder(exchanged.outcome.error()).outcome_unknown(possibly_sent).get());
    }
  }

  result<std::shared_ptr<asio::ssl::context>> tls_context() {
    if (!tls) {
      auto made = detail::make_tls_context(options);
      if (!made) return std::unexpected(made.error());
      tls = std::move(*made);
    }
    return tls;
  }

  /// The coroutine of one request. `self` keeps the client's state alive while it runs,
  /// even past ~http_client.
  /// `first_attempt` 1: the request already failed on a pooled connection the server had
  /// closed, without getting out (exchange_on): this run opens a new one and tries no more.
  static asio::awaitable<void> run(std::shared_ptr<impl> self, std::shared_ptr<request_state> st,
                                   int first_attempt = 0) {
    result<response> outcome = std::unexpected(ddbkit::detail::preset_error<error_code::network, "request not run">());
    try {
      outcome = co_await self->execute(*st, first_attempt);
    } catch (const std::exception& e) {  // allocation failure and the like; never a normal path
      outcome = fail(error_code::network, std::string("internal error: ") + e.what());
    }
    self->complete(st, std::move(outcome));
    // The handler ran inline when it could; if it sent no new request on this connection,
    // the connection is idle now and its deadline timer must not keep the context busy.
    stop_timer_if_idle(st->last_conn);
  }

  static void stop_timer_if_idle(const std::weak_ptr<detail::connection>& last) {
    if (auto used = last.lock(); used && used->idle()) used->stop_timer();
  }

  void settle() {
    for (const auto& used : unsettled) stop_timer_if_idle(used);
    unsettled.clear();
  }

  std::unexpected<error> aborted(const request_state& st, bool possibly_sent) const {
    error e(st.abort_reason->code, st.abort_reason->message);
    ddbkit::detail::error_builder(e).outcome_unknown(possibly_sent);
    return std::unexpected(std::move(e));
  }

  /// The request's timeout: its own, else the client's.
  std::chrono::milliseconds timeout_of(const request_state& st) const {
    return st.timeout.count() > 0 ? st.timeout : options.request_timeout;
  }

  /// After an exchange on `conn`: the request lets go of it (keeping it known, for the idle
  /// timer) and the pool takes it back, to keep when `reusable`.
  void hand_back(request_state& st, const std::shared_ptr<detail::connection>& conn, bool reusable) {
    st.conn.reset();
    st.last_conn = conn;
    pool.release(conn, reusable);
  }

  asio::awaitable<result<response>> execute(request_state& st, int first_attempt = 0) {
    const auto timeout = timeout_of(st);
    bool possibly_sent = false;  // an earlier attempt wrote the whole request
    for (int attempt = first_attempt;; ++attempt) {
      if (st.abort_reason) co_return aborted(st, possibly_sent);
      result<detail::lease> leased;
      if (auto now = pool.acquire_now(st.ep, attempt > 0)) {
        leased = std::move(*now);
      } else {
        leased = co_await pool.wait_for_connection(st.ep, timeout, st.waiter);
      }
      if (!leased) {
        if (st.abort_reason) co_return aborted(st, possibly_sent);
        co_return std::unexpected(ddbkit::detail::error_builder(leased.error()).outcome_unknown(possibly_sent).get());
      }
      auto conn = std::move(leased->conn);
      if (st.abort_reason) {
        pool.release(conn, true);  // a live idle connection goes back; a new one is dropped
        co_return aborted(st, possibly_sent);
      }
      st.conn = conn;

      if (!leased->reused) {
        std::shared_ptr<asio::ssl::context> ctx;
        if (st.ep.tls()) {
          auto made = tls_context();
          if (!made) {
            st.conn.reset();
            pool.release(conn, false);
            co_return std::unexpected(made.error());
          }
          ctx = std::move(*made);
        }
        auto connected = co_await conn->connect(std::move(ctx), options.connect_timeout, options.verify_tls);
        if (!connected || st.abort_reason) {
          st.conn.reset();
          pool.release(conn, false);
          if (st.abort_reason) co_return aborted(st, possibly_sent);
          co_return std::unexpected(ddbkit::detail::error_builder(connected.error()).outcome_unknown(possibly_sent).get());
        }
        ++counters.opened;
      }

      auto exchanged = co_await conn->exchange(st.wire, st.head, timeout);
      hand_back(st, conn, exchanged.reusable);
      possibly_sent = possibly_sent || exchanged.write_complete;
      // A complete response stands even if a cancellation raced with its last bytes.
      if (exchanged.outcome) co_return std::move(exchanged.outcome);
      if (st.abort_reason) co_return aborted(st, possibly_sent);
      // The server closed a pooled connection while it sat idle and the request did not
      // get through: once more on a new one. Once the whole request was written the server
      // may have acted on it, so the retry layer decides (it knows whether a repeat is
      // harmless, and counts it as an attempt).
      if (leased->reused && exchanged.stale && !exchanged.write_complete && attempt == 0) continue;
      co_return std::unexpected(ddbkit::detail::error_builder(exchanged.outcome.error()).outcome_unknown(possibly_sent).get());
    }
  }

  void complete(const std::shared_ptr<request_state>& st, result<response> outcome) {
    if (st->done) return;
    st->done = true;
    active.erase(st);
    auto slot = asio::get_associated_cancellation_slot(st->handler);
    if (slot.is_connected()) slot.clear();
    // Straight to the handler's executor: inline when this thread already runs it (the
    // usual case), which saves a trip through the scheduler — and its system call — per
    // request. The handler then runs inside the strand; the client's own executor is a
    // strand already when it has several threads, so nothing is serialized that was not.
    asio::dispatch(st->handler_executor, [h = std::move(st->handler), r = std::move(outcome)]() mutable {
      std::move(h)(std::move(r));
    });
  }

  void start(std::shared_ptr<request_state> st) {
    if (shut_down) {
      complete(st, fail(error_code::network, "http client destroyed"));
      return;
    }
    active.insert(st);
    if (!st->ep.tls()) {
      if (auto idle = pool.take_idle(st->ep)) return exchange_on(std::move(st), std::move(idle->conn));
    }
    asio::co_spawn(strand, run(shared_from_this(), std::move(st)), asio::detached);
  }

  /// The usual case of start(): a kept-alive plain connection is at hand, and the exchange
  /// runs on it as a callback operation, with no coroutine. What execute() would do after
  /// its exchange is done here the same way; a connection the server had closed while idle
  /// sends the request on to run(), for one more try on a new connection.
  void exchange_on(std::shared_ptr<request_state> st, std::shared_ptr<detail::connection> conn) {
    st->conn = conn;
    auto& used = *conn;
    used.async_exchange_plain(
        st->wire, st->head, timeout_of(*st),
        [self = shared_from_this(), st, conn = std::move(conn)](detail::exchange_result exchanged) mutable {
          self->hand_back(*st, conn, exchanged.reusable);
          if (!exchanged.outcome && !st->abort_reason && exchanged.stale && !exchanged.write_complete) {
            asio::co_spawn(self->strand, run(self, std::move(st), 1), asio::detached);
            return;
          }
          auto outcome = std::move(exchanged.outcome);
          if (!outcome && st->abort_reason) outcome = self->aborted(*st, exchanged.write_complete);
          self->complete(st, std::move(outcome));
          stop_timer_if_idle(st->last_conn);
        });
  }

  void shutdown() {
    shut_down = true;
    pool.shutdown();
    {
      std::lock_guard lock(blocking_mutex);
      blocking_closed = true;
    }
    close_blocking_idle();
    // abort() only closes sockets and cancels timers; the coroutines complete later.
    for (const auto& st : active) st->abort(error_code::network, "http client destroyed");
  }
};

http_client::http_client(asio::any_io_executor executor, http_options options,
                         std::shared_ptr<connection_listener> listener)
    : impl_(std::make_shared<impl>(std::move(executor), std::move(options), std::move(listener), false)) {}

http_client::http_client(on_one_thread, asio::any_io_executor executor, http_options options,
                         std::shared_ptr<connection_listener> listener)
    : impl_(std::make_shared<impl>(std::move(executor), std::move(options), std::move(listener), true)) {}

http_client::~http_client() {
  asio::dispatch(impl_->strand, [impl = impl_] { impl->shutdown(); });
}

void http_client::async_send(const endpoint& ep, request req, std::chrono::milliseconds timeout, handler h) {
  auto wire = detail::write_request(req, ep);
  if (!wire) {
    auto st = handled_request(std::move(h), impl_->executor);
    asio::dispatch(impl_->strand, [impl = impl_, st, e = std::move(wire.error())]() mutable {
      impl->complete(st, std::unexpected(std::move(e)));
    });
    return;
  }
  detail::http_client_access::async_send(*this, ep, std::move(*wire), req.method == "HEAD", timeout, std::move(h));
}

result<response> http_client::send_blocking(const endpoint& ep, const request& req, std::chrono::milliseconds timeout) {
  auto wire = detail::write_request(req, ep);
  if (!wire) return std::unexpected(std::move(wire.error()));
  return detail::http_client_access::send_blocking(*this, ep, std::move(*wire), req.method == "HEAD", timeout);
}

void http_client::close_idle() {
  impl_->close_blocking_idle();
  asio::dispatch(impl_->strand, [impl = impl_] { impl->pool.close_idle(); });
}

namespace detail {

asio::any_io_executor http_client_access::strand(const http_client& client) { return client.impl_->strand; }

std::shared_ptr<http_client> http_client_access::make_on_one_thread(asio::any_io_executor executor,
                                                                    http_options options,
                                                                    std::shared_ptr<connection_listener> listener) {
  return std::shared_ptr<http_client>(
      new http_client(http_client::on_one_thread{}, std::move(executor), std::move(options), std::move(listener)));
}

void http_client_access::settle(http_client& client) {
  if (runs_in(client.impl_->strand)) {
    client.impl_->settle();
  } else {
    asio::post(client.impl_->strand, [impl = client.impl_] { impl->settle(); });
  }
}

void http_client_access::async_send(http_client& client, const endpoint& ep, std::string wire, bool head,
                                    std::chrono::milliseconds timeout, transport::handler h) {
  const auto& self = client.impl_;
  auto st = handled_request(std::move(h), self->executor);
  st->ep = ep;
  st->head = head;
  st->timeout = timeout;
  st->wire = std::move(wire);
  auto slot = asio::get_associated_cancellation_slot(st->handler);
  if (slot.is_connected()) slot.emplace<cancel_request>(cancel_request{st, self->strand});
  asio::dispatch(self->strand, [impl = self, st = std::move(st)]() mutable { impl->start(std::move(st)); });
}

result<response> http_client_access::send_blocking(http_client& client, const endpoint& ep, std::string wire,
                                                   bool head, std::chrono::milliseconds timeout) {
  if (ep.tls()) {
    // TLS stays on the async connections (their handshake and session live there).
    std::promise<result<response>> answer;
    auto future = answer.get_future();
    async_send(client, ep, std::move(wire), head, timeout,
               [&answer](result<response> r) { answer.set_value(std::move(r)); });
    return future.get();
  }
  const auto budget = timeout.count() > 0 ? timeout : client.impl_->options.request_timeout;
  return client.impl_->send_blocking(ep, wire, head, budget);
}

asio::awaitable<result<response>> http_client_access::exchange(http_client& client, const endpoint& ep,
                                                               std::string wire, std::chrono::milliseconds timeout) {
  auto self = client.impl_;
  if (self->shut_down) co_return fail(error_code::network, "http client destroyed");
  // Not in the set of active requests that ~http_client aborts: the caller keeps the
  // http_client alive while it awaits this (see http_client_access).
  request_state st;
  st.ep = ep;
  st.timeout = timeout;
  st.wire = std::move(wire);
  // A terminal cancellation of the caller reaches the socket, timer or resolver operation
  // under way through the coroutine's own slot (Asio gives each awaited operation the
  // slot in turn); the exchange then fails, its connection is dropped, and the failure is
  // reported as `canceled`. Meanwhile the awaits must not throw: the lease goes back to
  // the pool after them.
  const bool throws_if_cancelled = co_await asio::this_coro::throw_if_cancelled();
  co_await asio::this_coro::throw_if_cancelled(false);
  result<response> outcome = std::unexpected(ddbkit::detail::preset_error<error_code::network, "request not run">());
  try {
    outcome = co_await self->execute(st);
  } catch (const std::exception& e) {  // allocation failure and the like; never a normal path
    outcome = fail(error_code::network, std::string("internal error: ") + e.what());
  }
  const auto cancelled = (co_await asio::this_coro::cancellation_state).cancelled();
  if (!outcome && outcome.error().code() != error_code::canceled &&
      (cancelled & asio::cancellation_type::terminal) != asio::cancellation_type::none) {
    error canceled(error_code::canceled, "operation canceled");
    ddbkit::detail::error_builder(canceled).outcome_unknown(outcome.error().outcome_unknown());
    outcome = std::unexpected(std::move(canceled));
  }
  co_await asio::this_coro::throw_if_cancelled(throws_if_cancelled);
  // The caller goes on inline and may send its next request on this connection; settle()
  // stops the deadline timer if the connection is idle by then.
  if (!st.last_conn.expired()) self->unsettled.push_back(std::move(st.last_conn));
  co_return outcome;
}

}  // namespace detail

http_client::statistics http_client::stats() const {
  return statistics{
      .connections_opened = impl_->counters.opened.load(),
      .idle = impl_->counters.idle.load(),
      .busy = impl_->counters.busy.load(),
      .waiting = impl_->counters.waiting.load(),
      .blocking_idle = impl_->blocking_idle_count.load(),
  };
}

}  // namespace ddbkit::http

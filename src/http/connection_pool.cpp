#include "http/connection_pool.hpp"

#include "async/use_tuple.hpp"

#include <algorithm>

namespace ddbkit::http::detail {

namespace asio = boost::asio;

connection_pool::connection_pool(client_strand strand, const http_options& options, pool_counters& counters,
                                 std::shared_ptr<connection_listener> listener)
    : strand_(std::move(strand)),
      idle_timeout_(options.idle_timeout),
      validate_after_(options.validate_after_inactivity),
      max_per_endpoint_(std::max<std::size_t>(1, options.max_connections_per_endpoint)),
      counters_(counters),
      listener_(std::move(listener)) {}

connection_pool::endpoint_pool& connection_pool::pool_for(const endpoint& ep) { return pools_[ep]; }

std::shared_ptr<connection> connection_pool::new_connection(endpoint_pool& pool, const endpoint& ep) {
  ++pool.busy;
  ++counters_.busy;
  return std::make_shared<connection>(strand_, ep, listener_);
}

void connection_pool::drop_idle(endpoint_pool& pool, std::size_t index) {
  pool.idle[index]->abort();
  pool.idle.erase(pool.idle.begin() + static_cast<std::ptrdiff_t>(index));
  --counters_.idle;
}

void connection_pool::close_expired(endpoint_pool& pool) {
  const auto oldest_allowed = clock::now() - idle_timeout_;
  // Idle connections are appended in the order they went idle: expired ones lead.
  while (!pool.idle.empty() && pool.idle.front()->idle_since() < oldest_allowed) drop_idle(pool, 0);
}

std::optional<result<lease>> connection_pool::acquire_now(const endpoint& ep, bool fresh) {
  if (shut_down_) return fail(error_code::network, "http client destroyed");
  auto& pool = pool_for(ep);  // stable: pools are never erased
  close_expired(pool);
  if (!fresh) {
    if (auto idle = take_idle_from(pool)) return std::move(*idle);
  }
  if (pool.busy + pool.idle.size() < max_per_endpoint_) return lease{new_connection(pool, ep), false};
  if (fresh && !pool.idle.empty()) {
    drop_idle(pool, 0);
    return lease{new_connection(pool, ep), false};
  }
  return std::nullopt;
}

std::optional<lease> connection_pool::take_idle(const endpoint& ep) {
  if (shut_down_) return std::nullopt;
  auto& pool = pool_for(ep);
  close_expired(pool);
  return take_idle_from(pool);
}

std::optional<lease> connection_pool::take_idle_from(endpoint_pool& pool) {
  while (!pool.idle.empty()) {
    auto conn = std::move(pool.idle.back());
    pool.idle.pop_back();
    --counters_.idle;
    if (!conn->idle_alive(validate_after_)) {
      conn->abort();
      continue;
    }
    conn->mark_busy();
    ++pool.busy;
    ++counters_.busy;
    return lease{std::move(conn), true};
  }
  return std::nullopt;
}

asio::awaitable<result<lease>> connection_pool::wait_for_connection(const endpoint& ep,
                                                                    std::chrono::milliseconds queue_timeout,
                                                                    std::shared_ptr<pool_waiter>& current) {
  auto& pool = pool_for(ep);
  auto waiter = std::make_shared<pool_waiter>(strand_);
  waiter->timer.expires_after(queue_timeout);
  pool.waiters.push_back(waiter);
  ++counters_.waiting;
  current = waiter;
  auto [ec] = co_await waiter->timer.async_wait(ddbkit::detail::use_tuple);
  current.reset();
  // A grant wins even over an expiry that was already queued: it was made on the strand
  // before this resumed, and the lease's slot is already counted as busy.
  if (waiter->granted) co_return std::move(*waiter->granted);
  if (auto it = std::find(pool.waiters.begin(), pool.waiters.end(), waiter); it != pool.waiters.end()) {
    pool.waiters.erase(it);
    --counters_.waiting;
  }
  if (shut_down_) co_return fail(error_code::network, "http client destroyed");
  if (!ec) {
    co_return fail(error_code::timeout, "no connection to " + ep.url() + " became free within " +
                                            std::to_string(queue_timeout.count()) + " ms");
  }
  co_return fail(error_code::canceled, "operation canceled");
}

void connection_pool::release(const std::shared_ptr<connection>& conn, bool reusable) {
  auto& pool = pool_for(conn->target());
  --pool.busy;
  --counters_.busy;
  if (reusable && !shut_down_ && conn->is_open()) {
    if (!pool.waiters.empty()) {
      auto waiter = std::move(pool.waiters.front());
      pool.waiters.pop_front();
      --counters_.waiting;
      ++pool.busy;
      ++counters_.busy;
      conn->mark_idle();  // released and reused at once: both are reported
      conn->mark_busy();
      waiter->granted = lease{conn, true};
      waiter->timer.cancel();
      return;
    }
    conn->mark_idle();
    pool.idle.push_back(conn);
    ++counters_.idle;
    return;
  }
  conn->abort();
  grant_new(pool, conn->target());
}

void connection_pool::grant_new(endpoint_pool& pool, const endpoint& ep) {
  if (shut_down_ || pool.waiters.empty() || pool.busy + pool.idle.size() >= max_per_endpoint_) return;
  auto waiter = std::move(pool.waiters.front());
  pool.waiters.pop_front();
  --counters_.waiting;
  waiter->granted = lease{new_connection(pool, ep), false};
  waiter->timer.cancel();
}

void connection_pool::close_idle() {
  for (auto& [name, pool] : pools_) {
    while (!pool.idle.empty()) drop_idle(pool, pool.idle.size() - 1);
  }
}

void connection_pool::shutdown() {
  shut_down_ = true;
  close_idle();
  for (auto& [name, pool] : pools_) {
    for (auto& waiter : pool.waiters) waiter->timer.cancel();
  }
}

}  // namespace ddbkit::http::detail

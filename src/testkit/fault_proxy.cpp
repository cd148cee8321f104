#include <ddbkit/testkit/fault_proxy.hpp>

#include "async/await_handler.hpp"
#include "async/io_threads.hpp"
#include "async/use_tuple.hpp"
#include "testkit/batch_split.hpp"
#include "testkit/fault_decider.hpp"
#include "testkit/proxy_wire.hpp"
#include "error_builder.hpp"

#include <ddbkit/http/endpoint.hpp>
#include <ddbkit/http/http_client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace ddbkit::testkit {
using namespace detail;
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {

using ddbkit::detail::use_tuple;
constexpr std::uint64_t max_request_body = 32ull * 1024 * 1024;  // DynamoDB's requests are ≤ 16 MB

using beast_request = beast::http::request<beast::http::string_body>;

void close_socket(tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

/// Closes with a TCP RST instead of a FIN: the client's next read fails with "connection
/// reset by peer", as when a load balancer or server dies mid-request.
void reset_socket(tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.set_option(tcp::socket::linger(true, 0), ignored);
  socket.close(ignored);
}

}  // namespace

std::uint64_t fault_counts::injected_total() const noexcept {
  std::uint64_t sum = 0;
  for (auto n : injected) sum += n;
  return sum;
}

struct fault_proxy::own_thread : ddbkit::detail::io_threads {
  own_thread() : io_threads(1) {}
};

struct fault_proxy::impl : std::enable_shared_from_this<impl> {
  impl(asio::any_io_executor ex, fault_proxy_options& options, http::endpoint upstream)
      : executor(std::move(ex)),
        acceptor(asio::make_strand(executor)),
        upstream_endpoint(std::move(upstream)),
        decider(options.seed),
        upstream_client(std::make_shared<http::http_client>(executor, options.upstream_http)) {
    set_rules(std::move(options.rules));
  }

  result<void> listen(std::uint16_t wanted) {
    const tcp::endpoint local(asio::ip::address_v4::loopback(), wanted);
    boost::system::error_code ec;
    acceptor.open(local.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(local, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec) listening_port = acceptor.local_endpoint(ec).port();
    if (ec) return fail(error_code::network, "fault proxy cannot listen on 127.0.0.1:" + std::to_string(wanted) +
                                                 ": " + ec.message());
    asio::co_spawn(acceptor.get_executor(), accept_loop(shared_from_this()), asio::detached);
    return {};
  }

  void set_rules(std::vector<fault_rule> rules) {
    std::lock_guard lock(mutex);
    rules_name_tables = std::ranges::any_of(rules, [](const fault_rule& r) { return !r.table.empty(); });
    decider.set_rules(std::move(rules));
  }

  void stop() {
    std::shared_ptr<http::http_client> upstream;
    std::vector<std::pair<std::uint64_t, asio::any_io_executor>> to_close;
    {
      std::lock_guard lock(mutex);
      if (stopped) return;
      stopped = true;
      upstream = std::move(upstream_client);
      for (const auto& [id, s] : sessions) to_close.emplace_back(id, s.executor);
    }
    asio::post(acceptor.get_executor(), [self = shared_from_this()] {
      boost::system::error_code ignored;
      self->acceptor.close(ignored);
    });
    // On the session's strand, so the close cannot race with the session's own I/O; a
    // session that ended meanwhile is no longer registered.
    for (auto& [id, ex] : to_close) {
      asio::post(ex, [self = shared_from_this(), id = id] {
        std::lock_guard lock(self->mutex);
        if (auto it = self->sessions.find(id); it != self->sessions.end()) close_socket(*it->second.socket);
      });
    }
    // Destroying the upstream client (outside the lock) aborts the forwarded requests.
  }

  // --- counting ---------------------------------------------------------------------

  template <class F>
  void count(std::string_view operation, F&& change) {
    std::lock_guard lock(mutex);
    count_locked(operation, change);
  }

  template <class F>
  void count_locked(std::string_view operation, F& change) {
    change(totals);
    auto it = by_operation.find(operation);
    if (it == by_operation.end()) it = by_operation.emplace(std::string(operation), fault_counts{}).first;
    change(it->second);
  }

  void count_injected(std::string_view operation, fault_kind kind, std::uint64_t held_back = 0) {
    count(operation, [&](fault_counts& c) {
      ++c.injected[static_cast<std::size_t>(kind)];
      c.held_back += held_back;
    });
  }

  /// Counts the request and decides its fault, one request at a time.
  std::optional<fault_action> decide(std::string_view operation, std::string_view body) {
    std::vector<std::string> tables;
    {
      std::lock_guard lock(mutex);
      if (rules_name_tables) tables = tables_of(body);  // parsing outside would race set_rules
      auto requests = [](fault_counts& c) { ++c.requests; };
      count_locked(operation, requests);
      return decider.decide(operation, tables);
    }
  }

  std::string next_request_id() {
    return "fault-proxy-" + std::to_string(request_ids.fetch_add(1, std::memory_order_relaxed) + 1);
  }

  // --- upstream ---------------------------------------------------------------------

  asio::awaitable<result<http::response>> forward(std::string_view operation, const beast_request& in,
                                                  std::string body) {
    std::shared_ptr<http::http_client> client;
    {
      std::lock_guard lock(mutex);
      client = upstream_client;
    }
    if (!client) co_return fail(error_code::network, "fault proxy stopped");
    count(operation, [](fault_counts& c) { ++c.forwarded; });

    http::request out;
    out.method = std::string(in.method_string());
    out.target = std::string(in.target());
    for (const auto& field : in) {
      if (!is_hop_by_hop(field.name_string())) {
        out.headers.push_back({std::string(field.name_string()), std::string(field.value())});
      }
    }
    // The body may differ from the one the client signed (partial batches): DynamoDB Local
    // does not verify signatures, which is what makes this proxy possible.
    out.body = std::move(body);
    auto answer = co_await ddbkit::detail::await_handler<result<http::response>>([&](http::transport::handler h) {
      // The frame must not keep the client alive while suspended: stop() destroys it to
      // abort what is in flight.
      auto sender = std::move(client);
      sender->async_send(upstream_endpoint, std::move(out), std::chrono::milliseconds(0), std::move(h));
    });
    if (!answer) count(operation, [](fault_counts& c) { ++c.upstream_failures; });
    co_return answer;
  }

  http::response bad_gateway(const error& e) {
    return error_answer(502, "InternalServerError",
                        "fault proxy: the upstream did not answer: " + std::string(e.message()), next_request_id());
  }

  // --- serving ----------------------------------------------------------------------

  asio::awaitable<void> accept_loop(std::shared_ptr<impl> self) {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(executor), use_tuple);
      if (!acceptor.is_open() || ec == asio::error::operation_aborted) co_return;
      if (ec) {
        // E.g. out of file descriptors: let connections end before trying again.
        asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(50));
        co_await pause.async_wait(use_tuple);
        continue;
      }
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      auto ex = socket.get_executor();
      asio::co_spawn(ex, serve(self, std::move(socket)), asio::detached);
    }
  }

  enum class next_step { keep_alive, close };

  asio::awaitable<void> serve(std::shared_ptr<impl> self, tcp::socket socket) {
    std::uint64_t id = 0;
    {
      std::lock_guard lock(mutex);
      if (stopped) co_return;
      id = ++last_session;
      sessions.emplace(id, session{socket.get_executor(), &socket});
    }
    // Unregisters also when the frame is destroyed unfinished (its context destroyed).
    struct unregister {
      impl* owner;
      std::uint64_t id;
      ~unregister() {
        std::lock_guard lock(owner->mutex);
        owner->sessions.erase(id);
      }
    } registered{this, id};

    try {
      beast::flat_buffer buffer;
      for (std::uint64_t served = 0;;) {
        beast::http::request_parser<beast::http::string_body> parser;
        parser.body_limit(max_request_body);
        auto [read_ec, read] = co_await beast::http::async_read(socket, buffer, parser, use_tuple);
        (void)read;
        if (read_ec) break;
        if (co_await handle(socket, parser.release()) == next_step::close) break;
        ++served;
      }
    } catch (const std::exception&) {
      // Allocation failure and the like: drop the connection, keep the proxy.
    }
    (void)self;
    close_socket(socket);
  }

  asio::awaitable<next_step> handle(tcp::socket& socket, beast_request req) {
    const bool keep_alive = req.keep_alive();
    const std::string operation = operation_of(req["X-Amz-Target"]);
    const auto action = decide(operation, req.body());

    if (!action) co_return co_await forward_and_answer(socket, operation, req, keep_alive);

    const fault_kind kind = action->kind;
    if (answers_instead_of_forwarding(kind)) {
      count_injected(operation, kind);
      co_return co_await answer(socket, injected_error(kind, next_request_id()), keep_alive);
    }
    switch (kind) {
      case fault_kind::reset_before:
        count_injected(operation, kind);
        reset_socket(socket);
        co_return next_step::close;
      case fault_kind::delay: {
        asio::steady_timer timer(socket.get_executor(), action->delay);
        co_await timer.async_wait(use_tuple);
        count_injected(operation, kind);
        co_return co_await forward_and_answer(socket, operation, req, keep_alive);
      }
      case fault_kind::reset_after: {
        auto forwarded = co_await forward(operation, req, std::move(req.body()));
        if (!forwarded) co_return co_await answer(socket, std::move(forwarded), keep_alive);
        count_injected(operation, kind);
        static constexpr std::string_view first_bytes = "HTTP/1.1 ";
        co_await asio::async_write(socket, asio::buffer(first_bytes), use_tuple);
        co_return next_step::close;
      }
      case fault_kind::partial_batch:
        co_return co_await partial_batch(socket, operation, std::move(req), action->forward_share, keep_alive);
      default:
        co_return next_step::close;  // every kind is handled above
    }
  }

  asio::awaitable<next_step> partial_batch(tcp::socket& socket, const std::string& operation, beast_request req,
                                           double forward_share, bool keep_alive) {
    auto split = detail::split_batch(operation, req.body(), forward_share);
    if (!split) {
      // Not a batch we can cut (malformed, empty, of one): the upstream gives the real answer.
      co_return co_await forward_and_answer(socket, operation, req, keep_alive);
    }
    auto forwarded = co_await forward(operation, req, std::move(split->forwarded_body));
    if (!forwarded || forwarded->status < 200 || forwarded->status >= 300) {
      co_return co_await answer(socket, std::move(forwarded), keep_alive);
    }
    http::response base = std::move(*forwarded);
    auto merged = detail::merge_unprocessed(operation, base.body, *split);
    if (!merged) co_return co_await answer(socket, bad_gateway(merged.error()), keep_alive);
    count_injected(operation, fault_kind::partial_batch, split->held_back);
    base.body = std::move(*merged);
    set_crc32(base);
    co_return co_await answer(socket, std::move(base), keep_alive);
  }

  asio::awaitable<next_step> forward_and_answer(tcp::socket& socket, std::string_view operation, beast_request& req,
                                                bool keep_alive) {
    auto forwarded = co_await forward(operation, req, std::move(req.body()));
    co_return co_await answer(socket, std::move(forwarded), keep_alive);
  }

  asio::awaitable<next_step> answer(tcp::socket& socket, result<http::response> r, bool keep_alive) {
    http::response out = r ? std::move(*r) : bad_gateway(r.error());
    beast::http::response<beast::http::string_body> res;
    res.version(11);
    res.result(static_cast<unsigned>(out.status));
    for (const auto& h : out.headers) {
      if (!is_hop_by_hop(h.name)) res.insert(h.name, h.value);
    }
    res.body() = std::move(out.body);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    auto [ec, written] = co_await beast::http::async_write(socket, res, use_tuple);
    (void)written;
    co_return ec || !keep_alive ? next_step::close : next_step::keep_alive;
  }

  struct session {
    asio::any_io_executor executor;
    tcp::socket* socket;
  };

  asio::any_io_executor executor;
  tcp::acceptor acceptor;  ///< used on its own strand only
  std::uint16_t listening_port = 0;
  const http::endpoint upstream_endpoint;
  std::atomic<std::uint64_t> request_ids{0};

  mutable std::mutex mutex;  ///< guards everything below
  detail::fault_decider decider;
  bool rules_name_tables = false;
  fault_counts totals;
  std::map<std::string, fault_counts, std::less<>> by_operation;
  std::shared_ptr<http::http_client> upstream_client;  ///< null once stopped
  std::unordered_map<std::uint64_t, session> sessions;
  std::uint64_t last_session = 0;
  bool stopped = false;
};

// --- fault_proxy ----------------------------------------------------------------------

fault_proxy::fault_proxy(std::unique_ptr<own_thread> runner, std::shared_ptr<impl> state)
    : runner_(std::move(runner)), impl_(std::move(state)) {}

namespace {

result<http::endpoint> parse_upstream(const std::string& url) {
  auto ep = http::endpoint::parse(url);
  if (!ep) return std::unexpected(ddbkit::detail::error_builder(ep.error()).field("upstream").get());
  return ep;
}

}  // namespace

result<fault_proxy> fault_proxy::start(asio::any_io_executor executor, fault_proxy_options options) {
  auto upstream = parse_upstream(options.upstream);
  if (!upstream) return std::unexpected(upstream.error());
  auto state = std::make_shared<impl>(std::move(executor), options, std::move(*upstream));
  if (auto listening = state->listen(options.port); !listening) {
    state->stop();
    return std::unexpected(listening.error());
  }
  return fault_proxy(nullptr, std::move(state));
}

result<fault_proxy> fault_proxy::start(fault_proxy_options options) {
  auto runner = std::make_unique<own_thread>();
  auto started = start(runner->context().get_executor(), std::move(options));
  if (!started) return started;
  started->runner_ = std::move(runner);
  return started;
}

fault_proxy::fault_proxy(fault_proxy&&) noexcept = default;

fault_proxy& fault_proxy::operator=(fault_proxy&& other) noexcept {
  if (this != &other) {
    fault_proxy discarded(std::move(*this));
    runner_ = std::move(other.runner_);
    impl_ = std::move(other.impl_);
  }
  return *this;
}

fault_proxy::~fault_proxy() {
  if (impl_) impl_->stop();
  if (runner_) {
    runner_->stop();
    runner_->join();
  }
  // The sessions' frames, destroyed with the context below, may hold the last reference
  // to the state; the upstream client is already gone (stop()), so nothing posts anymore.
  impl_.reset();
}

std::uint16_t fault_proxy::port() const noexcept { return impl_->listening_port; }

std::string fault_proxy::endpoint() const { return "http://127.0.0.1:" + std::to_string(port()); }

void fault_proxy::set_rules(std::vector<fault_rule> rules) { impl_->set_rules(std::move(rules)); }

void fault_proxy::reseed(std::uint64_t seed) {
  std::lock_guard lock(impl_->mutex);
  impl_->decider.reseed(seed);
}

void fault_proxy::enqueue(std::optional<fault_action> action, std::string operation) {
  std::lock_guard lock(impl_->mutex);
  impl_->decider.enqueue(action, std::move(operation));
}

std::size_t fault_proxy::queued() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->decider.queued();
}

fault_proxy_stats fault_proxy::stats() const {
  std::lock_guard lock(impl_->mutex);
  return fault_proxy_stats{.total = impl_->totals, .by_operation = impl_->by_operation};
}

void fault_proxy::reset_stats() {
  std::lock_guard lock(impl_->mutex);
  impl_->totals = {};
  impl_->by_operation.clear();
}

void fault_proxy::stop() { impl_->stop(); }

}  // namespace ddbkit::testkit

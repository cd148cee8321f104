#include <ddbkit/client.hpp>
#include <ddbkit/model/serialization.hpp>

#include "async/io_threads.hpp"
#include "async/spawn.hpp"
#include "client/call_runner.hpp"
#include "client/client_core.hpp"
#include "client/connection_observers.hpp"
#include "http/http_client_access.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <future>
#include <memory>
#include <optional>

namespace ddbkit {

namespace asio = boost::asio;

/// The client's own I/O threads. Destroying it lets the calls in flight finish, then joins.
struct client::io_runner : detail::io_threads {
  using io_threads::io_threads;
};

namespace {

/// Whether `executor` belongs to an io_context made with a concurrency hint that promises
/// Asio one thread at a time runs it and works its sockets and timers
/// (BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO, _UNSAFE): its handlers run one at a time, as on
/// a strand. A hint of 1 promises nothing (Asio stays thread-safe under it).
bool serial_by_promise(const asio::any_io_executor& executor) {
  const auto* plain = executor.target<asio::io_context::executor_type>();
  if (plain == nullptr) return false;
  // The hint is kept by the io_context's scheduler only (Asio has no public accessor).
  const int hint = asio::use_service<asio::detail::io_context_impl>(plain->context()).concurrency_hint();
  return !BOOST_ASIO_CONCURRENCY_HINT_IS_LOCKING(REACTOR_IO, hint);
}

/// `one_at_a_time`: only one thread at a time runs `executor`'s handlers (the client's own
/// single I/O thread, or an io_context whose hint promises it): no strand is needed.
result<std::shared_ptr<client_core>> make_core(asio::any_io_executor executor, client_options options,
                                               std::shared_ptr<http::transport> transport, bool one_at_a_time) {
  if (options.region.empty()) return std::unexpected(error::validation("region", "no region set"));
  if (!options.credentials && !options.credentials_factory) {
    return std::unexpected(error(error_code::credentials, "no credentials provider in client_options"));
  }
  auto endpoint = options.resolve_endpoint();
  if (!endpoint) return std::unexpected(endpoint.error());
  http::http_client* own_http = nullptr;
  if (!transport) {
    auto observers = detail::connection_observers(options.observers);
    auto http = one_at_a_time
                    ? http::detail::http_client_access::make_on_one_thread(executor, options.http, std::move(observers))
                    : std::make_shared<http::http_client>(executor, options.http, std::move(observers));
    own_http = http.get();
    transport = std::move(http);
  }
  if (!options.credentials) {
    // Providers that call STS or IMDS send through the client's own transport.
    options.credentials = options.credentials_factory(
        credentials_network{.executor = executor, .transport = transport, .clock = options.clock});
    if (!options.credentials) {
      return std::unexpected(error(error_code::credentials, "credentials_factory made no provider"));
    }
  }
  return std::make_shared<client_core>(std::move(executor), std::move(options), std::move(*endpoint),
                                       std::move(transport), own_http);
}

}  // namespace

result<client> client::create(client_options options) {
  const int threads = std::max(1, options.io_threads);
  auto runner = std::make_unique<io_runner>(threads);
  // With several threads, the client's state must not be touched from two at once.
  asio::any_io_executor executor = threads == 1 ? asio::any_io_executor(runner->context().get_executor())
                                                : asio::any_io_executor(asio::make_strand(runner->context()));
  auto core = make_core(executor, std::move(options), nullptr, threads == 1);
  if (!core) return std::unexpected(core.error());
  return client(std::move(*core), std::move(runner));
}

result<client> client::create(asio::any_io_executor executor, client_options options) {
  return create(std::move(executor), std::move(options), nullptr);
}

result<client> client::create(asio::any_io_executor executor, client_options options,
                              std::shared_ptr<http::transport> transport) {
  const bool one_at_a_time = serial_by_promise(executor);
  auto core = make_core(std::move(executor), std::move(options), std::move(transport), one_at_a_time);
  if (!core) return std::unexpected(core.error());
  return client(std::move(*core), nullptr);
}

client::client(std::shared_ptr<client_core> core, std::unique_ptr<io_runner> runner)
    : runner_(std::move(runner)), core_(std::move(core)) {}
client::client(client&&) noexcept = default;
client& client::operator=(client&&) noexcept = default;
client::~client() {
  if (core_) {
    // Pooled keep-alive connections would otherwise keep the I/O threads waiting.
    asio::post(core_->executor(), [core = core_] { core->close_idle(); });
  }
}

asio::any_io_executor client::get_executor() const { return core_->executor(); }
const client_options& client::options() const { return core_->options(); }

bool client::observed() const noexcept { return !core_->observers().empty(); }

bool client::runs_on_own_thread() const { return runner_ && runner_->runs_this_thread(); }

error client::blocking_on_own_thread() {
  return error(error_code::blocking_call_on_io_thread,
               "a blocking call on the client's own I/O thread would wait for itself; use the async_ form");
}

namespace {

bool fully_active(const describe_table_output& out) {
  if (!out.table || out.table->table_status != table_status::active) return false;
  for (const auto& gsi : out.table->global_secondary_indexes) {
    if (gsi.index_status && *gsi.index_status != index_status::active) return false;
  }
  return true;
}

/// One DescribeTable through the client's async path.
asio::awaitable<result<describe_table_output>> describe(std::shared_ptr<client_core> core, const std::string& name) {
  const describe_table_input in{.table_name = name};
  auto body = serialize(in);
  if (!body) co_return std::unexpected(std::move(body.error()));
  auto call = core->new_call(operation_traits<describe_table_input>::name, call_options{});
  call.body = std::move(*body);
  call.may_repeat = true;
  if (core->names_tables()) call.table = name;  // the observers see the table it waits for
  std::optional<describe_table_output> output;
  call.decode = [&output](const http::response& r, detail::response_facts&) -> std::optional<error> {
    auto parsed = parse_output<describe_table_output>(r.body);
    if (!parsed) return std::move(parsed.error());
    output = std::move(*parsed);
    return std::nullopt;
  };
  auto done = co_await detail::run_call(core, core->async_path(), std::move(call));
  if (!done) co_return std::unexpected(std::move(done.error()));
  co_return std::move(*output);
}

/// Polls DescribeTable until `done(result)` says so or `timeout` passes.
asio::awaitable<result<describe_table_output>> poll_table(
    std::shared_ptr<client_core> core, std::string name, std::chrono::milliseconds timeout,
    std::function<bool(const result<describe_table_output>&)> done) {
  // The request path's clock and sleep: injected ones in tests, so no real time passes.
  const auto& runtime = core->async_path().runtime();
  const auto deadline = runtime.steady_clock() + timeout;
  auto delay = std::chrono::milliseconds(50);
  for (;;) {
    auto described = co_await describe(core, name);
    if (done(described)) co_return described;
    if (!described && !described.error().is_not_found()) co_return described;
    if (runtime.steady_clock() + delay > deadline) {
      co_return fail(error_code::timeout, "table " + name + " did not reach the awaited state in time");
    }
    if (!co_await detail::sleep_unless_canceled(runtime, delay)) {
      co_return fail(error_code::canceled, "canceled while waiting for table " + name);
    }
    delay = std::min(delay * 2, std::chrono::milliseconds(2000));
  }
}

/// Blocks until `handler`-style work started by `start` completes.
template <class T, class Start>
result<T> wait_for(Start start) {
  std::promise<result<T>> promise;
  auto future = promise.get_future();
  start(asio::any_completion_handler<void(result<T>)>([&promise](result<T> r) { promise.set_value(std::move(r)); }));
  return future.get();
}

}  // namespace

void client::start_wait_until_active(std::shared_ptr<client_core> core, std::string table_name,
                                     std::chrono::milliseconds timeout,
                                     asio::any_completion_handler<void(result<describe_table_output>)> handler) {
  auto work = poll_table(core, std::move(table_name), timeout,
                         [](const result<describe_table_output>& r) { return r && fully_active(*r); });
  detail::spawn_calls<describe_table_output>(core, std::move(work), std::move(handler));
}

result<describe_table_output> client::wait_until_active(std::string table_name, std::chrono::milliseconds timeout) {
  if (runs_on_own_thread()) return std::unexpected(blocking_on_own_thread());
  return wait_for<describe_table_output>([&](auto handler) {
    start_wait_until_active(core_, std::move(table_name), timeout, std::move(handler));
  });
}

result<void> client::wait_until_deleted(std::string table_name, std::chrono::milliseconds timeout) {
  if (runs_on_own_thread()) return std::unexpected(blocking_on_own_thread());
  auto polled = wait_for<describe_table_output>([&](auto handler) {
    auto work = poll_table(core_, std::move(table_name), timeout, [](const result<describe_table_output>& r) {
      return !r && r.error().is_not_found();
    });
    detail::spawn_calls<describe_table_output>(core_, std::move(work), std::move(handler));
  });
  if (!polled && polled.error().is_not_found()) return {};
  if (!polled) return std::unexpected(polled.error());
  return fail(error_code::unknown, "table still exists");
}

}  // namespace ddbkit

#include <ddbkit/client.hpp>
#include <ddbkit/model/serialization.hpp>

#include "client/call_target.hpp"
#include "client/client_core.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <future>
#include <thread>
#include <vector>

namespace ddbkit {

namespace asio = boost::asio;

/// The client's own I/O threads. Destroying it lets the calls in flight finish, then joins.
struct client::io_runner {
  explicit io_runner(int threads)
      : context(threads), work(asio::make_work_guard(context)) {
    for (int i = 0; i < threads; ++i) pool.emplace_back([this] { context.run(); });
  }
  ~io_runner() {
    work.reset();
    for (auto& t : pool) {
      // A client destroyed from its own completion handler cannot join its own thread.
      if (t.get_id() == std::this_thread::get_id()) t.detach(); else t.join();
    }
  }
  bool runs_this_thread() const {
    for (const auto& t : pool) if (t.get_id() == std::this_thread::get_id()) return true;
    return false;
  }

  asio::io_context context;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::vector<std::thread> pool;
};

namespace {

result<std::shared_ptr<client_core>> make_core(asio::any_io_executor executor, client_options options,
                                               std::shared_ptr<http::transport> transport) {
  if (options.region.empty()) return std::unexpected(error::validation("region", "no region set"));
  if (!options.credentials && !options.credentials_factory) {
    return std::unexpected(error(error_code::credentials, "no credentials provider in client_options"));
  }
  auto endpoint = options.resolve_endpoint();
  if (!endpoint) return std::unexpected(endpoint.error());
  http::http_client* own_http = nullptr;
  if (!transport) {
    auto http = std::make_shared<http::http_client>(executor, options.http);
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

/// Runs `work` (an awaitable producing result<T>) on the client's executor and completes
/// `handler` on the handler's own executor, keeping its cancellation slot connected.
template <class T>
void spawn_call(const std::shared_ptr<client_core>& core, asio::awaitable<result<T>> work,
                asio::any_completion_handler<void(result<T>)> handler) {
  auto handler_executor = asio::get_associated_executor(handler, core->executor());
  auto slot = asio::get_associated_cancellation_slot(handler);
  asio::co_spawn(
      core->executor(), std::move(work),
      asio::bind_cancellation_slot(
          slot, asio::bind_executor(handler_executor,
                                    [h = std::move(handler)](std::exception_ptr ep, result<T> r) mutable {
                                      if (ep) {
                                        try {
                                          std::rethrow_exception(ep);
                                        } catch (const std::exception& ex) {
                                          r = fail(error_code::unknown, std::string("internal error: ") + ex.what());
                                        } catch (...) {
                                          r = fail(error_code::unknown, "internal error");
                                        }
                                      }
                                      std::move(h)(std::move(r));
                                    })));
}

/// The consumed capacity an output reports: none, one, or one per table.
template <class Output>
std::span<const consumed_capacity> capacity_of(const Output& out) {
  if constexpr (requires { out.consumed_capacity.has_value(); }) {
    if (out.consumed_capacity) return std::span<const consumed_capacity>(&*out.consumed_capacity, 1);
    return {};
  } else if constexpr (requires { std::span<const consumed_capacity>(out.consumed_capacity); }) {
    return out.consumed_capacity;
  } else {
    return {};
  }
}

/// Runs `call` through `path` and decodes the successful response. `core` keeps the path
/// alive while the call runs.
template <class Output>
asio::awaitable<result<Output>> run_operation([[maybe_unused]] std::shared_ptr<client_core> core, detail::request_path& path,
                                              detail::call_state call) {
  std::optional<Output> output;
  call.decode = [&output](const http::response& response,
                          std::span<const consumed_capacity>& consumed) -> std::optional<error> {
    auto parsed = parse_output<Output>(response.body);
    if (!parsed) return std::move(parsed.error());
    output = std::move(*parsed);
    consumed = capacity_of(*output);
    return std::nullopt;
  };
  auto done = co_await path.run(call);
  if (!done) co_return std::unexpected(std::move(done.error()));
  co_return std::move(*output);
}

/// A new call for `in`: settings, body, and (only when observed) its tables and index.
template <class Input>
detail::call_state make_call(client_core& core, const Input& in, const call_options& opts, std::string body) {
  auto call = core.new_call(operation_traits<Input>::name, opts);
  call.body = std::move(body);
  call.may_repeat = call.may_repeat || operation_traits<Input>::repeat_is_harmless(in);
  if (!core.observers().empty()) {
    auto target = target_of(in);
    call.table = std::move(target.table);
    call.index = std::move(target.index);
  }
  return call;
}

/// Tells the observers about an input refused before anything was sent.
template <class Input>
void refuse(const client_core& core, const Input& in, const error& e) {
  if (core.observers().empty()) return;
  const auto target = target_of(in);
  detail::observe_stage::refused(
      core.observers(),
      {.call_id = 0, .operation = operation_traits<Input>::name, .table = target.table, .index = target.index}, e);
}

/// One token per logical call, made before the first request so that every retry
/// carries the same one and DynamoDB applies the transaction at most once.
template <class Input>
void prepare(client_core& core, Input& in) {
  if constexpr (requires { in.client_request_token->empty(); }) {
    if (!in.client_request_token || in.client_request_token->empty()) {
      in.client_request_token = core.new_client_request_token();
    }
  }
}

}  // namespace

result<client> client::create(client_options options) {
  const int threads = std::max(1, options.io_threads);
  auto runner = std::make_unique<io_runner>(threads);
  // With several threads, the client's state must not be touched from two at once.
  asio::any_io_executor executor = threads == 1 ? asio::any_io_executor(runner->context.get_executor())
                                                : asio::any_io_executor(asio::make_strand(runner->context));
  auto core = make_core(executor, std::move(options), nullptr);
  if (!core) return std::unexpected(core.error());
  return client(std::move(*core), std::move(runner));
}

result<client> client::create(asio::any_io_executor executor, client_options options) {
  return create(std::move(executor), std::move(options), nullptr);
}

result<client> client::create(asio::any_io_executor executor, client_options options,
                              std::shared_ptr<http::transport> transport) {
  auto core = make_core(std::move(executor), std::move(options), std::move(transport));
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

template <operation_input Input>
void client::start(std::shared_ptr<client_core> core, Input in, call_options opts,
                   asio::any_completion_handler<void(result<typename operation_traits<Input>::output>)> handler) {
  using output = typename operation_traits<Input>::output;
  prepare(*core, in);
  auto body = serialize(in);
  if (!body) {
    refuse(*core, in, body.error());
    // Refused before anything was sent. Never complete inline: post to the client's
    // executor, then dispatch to the handler's (Boost 1.81 cannot post to the latter).
    asio::post(core->executor(), [core, h = std::move(handler), e = std::move(body.error())]() mutable {
      auto ex = asio::get_associated_executor(h, core->executor());
      asio::dispatch(ex, [h = std::move(h), e = std::move(e)]() mutable {
        std::move(h)(result<output>(std::unexpected(std::move(e))));
      });
    });
    return;
  }
  auto call = make_call(*core, in, opts, std::move(*body));
  auto& path = core->async_path();
  spawn_call<output>(core, run_operation<output>(core, path, std::move(call)), std::move(handler));
}

namespace {
/// Blocks until `start` completes its handler; refuses to wait on the client's own thread.
template <class T, class Start>
result<T> wait_for(const std::shared_ptr<client_core>& core, bool own_thread, Start start) {
  if (own_thread) {
    return fail(error_code::blocking_call_on_io_thread,
                "a blocking call on the client's own I/O thread would wait for itself; use the async_ form");
  }
  std::promise<result<T>> promise;
  auto future = promise.get_future();
  start(asio::any_completion_handler<void(result<T>)>(
      [&promise](result<T> r) { promise.set_value(std::move(r)); }));
  (void)core;
  return future.get();
}
}  // namespace

template <operation_input Input>
result<typename operation_traits<Input>::output> client::execute(const Input& in, const call_options& opts) {
  using output = typename operation_traits<Input>::output;
  const bool own_thread = runner_ ? runner_->runs_this_thread() : false;
  auto* path = core_->blocking_path();
  if (path == nullptr || own_thread) {
    return wait_for<output>(core_, own_thread, [&](auto handler) { start(core_, in, opts, std::move(handler)); });
  }
  // On the calling thread: the same stages, the blocking connection pool, no hand-off.
  auto run = [&](const Input& ready) -> result<output> {
    auto body = serialize(ready);
    if (!body) {
      refuse(*core_, ready, body.error());
      return std::unexpected(std::move(body.error()));
    }
    return detail::run_on_calling_thread(
        run_operation<output>(core_, *path, make_call(*core_, ready, opts, std::move(*body))));
  };
  if constexpr (requires { in.client_request_token; }) {
    Input prepared = in;  // the caller's input stays as it was; the token is the call's
    prepare(*core_, prepared);
    return run(prepared);
  } else {
    return run(in);
  }
}

namespace {

bool fully_active(const describe_table_output& out) {
  if (!out.table || out.table->table_status != table_status::active) return false;
  for (const auto& gsi : out.table->global_secondary_indexes) {
    if (gsi.index_status && *gsi.index_status != index_status::active) return false;
  }
  return true;
}

/// Polls DescribeTable until `done(result)` says so or `timeout` passes.
template <class Done>
asio::awaitable<result<describe_table_output>> poll_table(std::shared_ptr<client_core> core, std::string name,
                                                          std::chrono::milliseconds timeout, Done done) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto delay = std::chrono::milliseconds(50);
  asio::steady_timer timer(core->executor());
  for (;;) {
    const describe_table_input in{.table_name = name};
    auto body = serialize(in);
    if (!body) co_return std::unexpected(body.error());
    auto described =
        co_await run_operation<describe_table_output>(core, core->async_path(),
                                                      make_call(*core, in, call_options{}, std::move(*body)));
    if (done(described)) co_return described;
    if (!described && !described.error().is_not_found()) co_return described;
    if (std::chrono::steady_clock::now() + delay > deadline) {
      co_return fail(error_code::timeout, "table " + name + " did not reach the awaited state in time");
    }
    timer.expires_after(delay);
    co_await timer.async_wait(asio::use_awaitable);
    delay = std::min(delay * 2, std::chrono::milliseconds(2000));
  }
}

}  // namespace

void client::start_wait_until_active(std::shared_ptr<client_core> core, std::string table_name,
                                     std::chrono::milliseconds timeout,
                                     asio::any_completion_handler<void(result<describe_table_output>)> handler) {
  auto work = poll_table(core, std::move(table_name), timeout,
                         [](const result<describe_table_output>& r) { return r && fully_active(*r); });
  spawn_call<describe_table_output>(core, std::move(work), std::move(handler));
}

result<describe_table_output> client::wait_until_active(std::string table_name, std::chrono::milliseconds timeout) {
  const bool own_thread = runner_ ? runner_->runs_this_thread() : false;
  return wait_for<describe_table_output>(core_, own_thread, [&](auto handler) {
    start_wait_until_active(core_, std::move(table_name), timeout, std::move(handler));
  });
}

result<void> client::wait_until_deleted(std::string table_name, std::chrono::milliseconds timeout) {
  const bool own_thread = runner_ ? runner_->runs_this_thread() : false;
  auto polled = wait_for<describe_table_output>(core_, own_thread, [&](auto handler) {
    auto work = poll_table(core_, std::move(table_name), timeout, [](const result<describe_table_output>& r) {
      return !r && r.error().is_not_found();
    });
    spawn_call<describe_table_output>(core_, std::move(work), std::move(handler));
  });
  if (!polled && polled.error().is_not_found()) return {};
  if (!polled) return std::unexpected(polled.error());
  return fail(error_code::unknown, "table still exists");
}

#define DDBKIT_INSTANTIATE_OPERATION(op)                                                                 \
  template void client::start<op##_input>(std::shared_ptr<client_core>, op##_input, call_options,          \
                                          asio::any_completion_handler<void(result<op##_output>)>);      \
  template result<op##_output> client::execute<op##_input>(const op##_input&, const call_options&);

DDBKIT_FOR_EACH_OPERATION(DDBKIT_INSTANTIATE_OPERATION)

// Every listed operation has its named pair in client.hpp (a DDBKIT_CLIENT_OPERATION line).
#define DDBKIT_CHECK_NAMED_FUNCTIONS(op)                                                          \
  static_assert(requires(client& c, const op##_input& in) {                                     \
    { c.op(in) } -> std::same_as<result<op##_output>>;                                           \
    c.async_##op(in, [](result<op##_output>) {});                                                \
  });
DDBKIT_FOR_EACH_OPERATION(DDBKIT_CHECK_NAMED_FUNCTIONS)
#undef DDBKIT_CHECK_NAMED_FUNCTIONS

#undef DDBKIT_INSTANTIATE_OPERATION

}  // namespace ddbkit

// The per-operation part of the client, instantiated once per operation of the list: make
// the body (validation first), the call, and a decoder for the output type. Everything
// that runs the call is compiled once, in call_runner.cpp.
#include <ddbkit/client.hpp>
#include <ddbkit/model/serialization.hpp>

#include "async/complete.hpp"
#include "client/call_runner.hpp"
#include "client/call_target.hpp"
#include "client/client_core.hpp"
#include "client/serialized_call.hpp"
#include "client/request_path/observe_stage.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>

#include <memory>
#include <optional>

namespace ddbkit {

namespace asio = boost::asio;

namespace {

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

/// The writes (BatchWriteItem) or keys (BatchGetItem) an output leaves unprocessed, per table.
template <class Output>
std::vector<unprocessed_requests> unprocessed_of(const Output& out) {
  std::vector<unprocessed_requests> found;
  if constexpr (requires { out.unprocessed_items.begin()->second.size(); }) {
    for (const auto& [table, writes] : out.unprocessed_items) {
      if (!writes.empty()) found.push_back({.table = table, .count = writes.size()});
    }
  } else if constexpr (requires { out.unprocessed_keys.begin()->second.keys.size(); }) {
    for (const auto& [table, keys] : out.unprocessed_keys) {
      if (!keys.keys.empty()) found.push_back({.table = table, .count = keys.keys.size()});
    }
  }
  return found;
}

/// Decodes a successful response into `*slot`, which outlives the call: whoever runs the
/// call holds it until the result is taken. A plain pointer, so that the decoder fits in
/// std::function's own storage (a shared_ptr would cost an allocation a call).
template <class Output>
detail::response_decoder decoder_into(std::optional<Output>* slot) {
  return [slot](const http::response& response, detail::response_facts& facts) -> std::optional<error> {
    auto parsed = parse_output<Output>(response.body);
    if (!parsed) return std::move(parsed.error());
    *slot = std::move(*parsed);
    facts.consumed = capacity_of(**slot);
    facts.unprocessed = unprocessed_of(**slot);
    return std::nullopt;
  };
}

/// What the client fills in for `in`: one token per logical call, made before the first
/// request so that every retry carries the same one and DynamoDB applies the transaction at
/// most once; and the consumed capacity that the client's observers, capacity monitor or
/// budget need. `token` holds the token the returned defaults point into.
template <class Input>
request_defaults defaults_for(client_core& core, const Input& in, std::string& token) {
  request_defaults defaults;
  if constexpr (requires { in.client_request_token->empty(); }) {
    if (!in.client_request_token || in.client_request_token->empty()) {
      token = core.new_client_request_token();
      defaults.client_request_token = token;
    }
  }
  if (core.asks_consumed_capacity()) defaults.return_consumed_capacity = return_consumed_capacity::indexes;
  return defaults;
}

/// Whether the call's tables are named in its call_state (and in a refusal's report).
bool names_targets(const client_core& core, const call_options& opts) {
  return !core.observers().empty() || opts.call_observer || core.names_tables();
}

/// The request `in` makes: its body, or the validation error. The caller's input is never
/// copied nor changed: what the client fills in goes beside it (a token is the call's).
template <class Input>
detail::prepared_request prepared(client_core& core, const Input& in, const call_options& opts) {
  detail::prepared_request request;
  std::string token;
  if (auto body = serialize(in, defaults_for(core, in, token))) {
    request.body = std::move(*body);
    request.may_repeat = operation_traits<Input>::repeat_is_harmless(in);
  } else {
    request.refused = std::move(body.error());
  }
  if (names_targets(core, opts)) {
    call_target named = target_of(in);
    request.table = std::move(named.table);
    request.index = std::move(named.index);
  }
  return request;
}

/// Tells the observers about an input refused before anything was sent.
void refuse(const client_core& core, std::string_view operation, const detail::prepared_request& request,
            const error& e) {
  if (core.observers().empty()) return;
  detail::observe_stage::refused(
      core.observers(), {.call_id = 0, .operation = operation, .table = request.table, .index = request.index}, e);
}

/// The call of `Input`'s operation that sends `request`, with its settings and decoder, or
/// the error that refused its input (observers are told).
template <class Input, class Output>
result<detail::call_state> call_for(client_core& core, detail::prepared_request&& request, const call_options& opts,
                                    std::optional<Output>* slot) {
  if (request.refused) {
    refuse(core, operation_traits<Input>::name, request, *request.refused);
    return std::unexpected(std::move(*request.refused));
  }
  auto call = core.new_call(operation_traits<Input>::name, opts);
  call.body = std::move(request.body);
  call.may_repeat = call.may_repeat || request.may_repeat;
  call.decode = decoder_into(slot);
  const bool observed = !core.observers().empty() || call.own_observer;
  if (observed || core.names_tables()) {
    call.table = std::move(request.table);
    call.index = std::move(request.index);
  }
  if (observed && opts.partition_key) call.partition_key = *opts.partition_key;
  return call;
}

template <class Output>
result<Output> take(result<void> done, std::optional<Output>& slot) {
  if (!done) return std::unexpected(std::move(done.error()));
  return std::move(*slot);
}

/// Runs `request` on the async path; its result, decoded, goes to `handler` with the
/// handler's own executor and cancellation slot. A refused request completes with its
/// error, never inside this call.
template <class Input>
void start_request(const std::shared_ptr<client_core>& core, detail::prepared_request&& request,
                   const call_options& opts,
                   asio::any_completion_handler<void(result<typename operation_traits<Input>::output>)> handler) {
  using output = typename operation_traits<Input>::output;
  auto slot = std::make_unique<std::optional<output>>();
  auto call = call_for<Input>(*core, std::move(request), opts, slot.get());
  if (!call) {
    detail::complete_later(core->executor(), std::move(handler),
                           result<output>(std::unexpected(std::move(call.error()))));
    return;
  }
  // The handler's executor and cancellation slot carry over to the untyped completion.
  auto target = detail::target_of_handler(handler, core->executor());
  auto deliver = [slot = std::move(slot), h = std::move(handler)](result<void> done) mutable {
    std::move(h)(take(std::move(done), *slot));
  };
  detail::start_call(core, std::move(*call), std::move(target), std::move(deliver));
}

}  // namespace

template <operation_input Input>
detail::prepared_request client::prepare(const std::shared_ptr<client_core>& core, const Input& in,
                                         const call_options& opts) {
  return prepared(*core, in, opts);
}

template <operation_input Input>
void client::start(std::shared_ptr<client_core> core, detail::prepared_request request, call_options opts,
                   asio::any_completion_handler<void(result<typename operation_traits<Input>::output>)> handler) {
  start_request<Input>(core, std::move(request), opts, std::move(handler));
}

template <operation_input Input>
result<typename operation_traits<Input>::output> client::execute(const Input& in, const call_options& opts) {
  using output = typename operation_traits<Input>::output;
  if (runs_on_own_thread()) return std::unexpected(blocking_on_own_thread());
  std::optional<output> slot;  // the call is over when run_call_here returns
  auto call = call_for<Input>(*core_, prepared(*core_, in, opts), opts, &slot);
  if (!call) return std::unexpected(std::move(call.error()));
  return take(detail::run_call_here(core_, std::move(*call)), slot);
}

namespace detail {

template <operation_input Input>
void start_serialized(client& c, std::string body, call_target target, bool may_repeat, call_options opts,
                      asio::any_completion_handler<void(result<typename operation_traits<Input>::output>)> handler) {
  start_request<Input>(client_access::core(c),
                       prepared_request{.body = std::move(body),
                                        .refused = std::nullopt,
                                        .may_repeat = may_repeat,
                                        .table = std::move(target.table),
                                        .index = std::move(target.index)},
                       opts, std::move(handler));
}

template void start_serialized<batch_write_item_input>(
    client&, std::string, call_target, bool, call_options,
    asio::any_completion_handler<void(result<batch_write_item_output>)>);

bool asks_consumed_capacity(const client& c) noexcept { return client_access::core(c)->asks_consumed_capacity(); }

}  // namespace detail

#define DDBKIT_INSTANTIATE_OPERATION(op)                                                                 \
  template detail::prepared_request client::prepare<op##_input>(const std::shared_ptr<client_core>&,      \
                                                                const op##_input&, const call_options&);  \
  template void client::start<op##_input>(std::shared_ptr<client_core>, detail::prepared_request,         \
                                          call_options, asio::any_completion_handler<void(result<op##_output>)>); \
  template result<op##_output> client::execute<op##_input>(const op##_input&, const call_options&);
DDBKIT_FOR_EACH_OPERATION(DDBKIT_INSTANTIATE_OPERATION)
#undef DDBKIT_INSTANTIATE_OPERATION

// Every listed operation has its named pair in client.hpp (a DDBKIT_CLIENT_OPERATION line).
#define DDBKIT_CHECK_NAMED_FUNCTIONS(op)                                 \
  static_assert(requires(client& c, const op##_input& in) {            \
    { c.op(in) } -> std::same_as<result<op##_output>>;                  \
    c.async_##op(in, [](result<op##_output>) {});                       \
  });
DDBKIT_FOR_EACH_OPERATION(DDBKIT_CHECK_NAMED_FUNCTIONS)
#undef DDBKIT_CHECK_NAMED_FUNCTIONS

}  // namespace ddbkit

#pragma once
// Internal: calls whose body the caller serialized and checked itself. The batch writer
// serializes each write once and sends that text in every request that carries it (retries,
// unprocessed items) instead of copying the item into a new input and serializing it again.
// Everything else is as for client::async_execute: the request path, retry, observers.
#include <ddbkit/client.hpp>

#include "client/call_target.hpp"

#include <boost/asio/any_completion_handler.hpp>

#include <memory>
#include <string>

namespace ddbkit::detail {

struct client_access {
  static const std::shared_ptr<client_core>& core(const client& c) noexcept { return c.core_; }
};

/// Starts `Input`'s operation with `body` (complete and checked, as serialize(Input) would
/// make it). `target` names its tables for observers; `may_repeat`: the request may be sent
/// again when its outcome is unknown. Completes as async_execute does, never inside this call.
template <operation_input Input>
void start_serialized(client& c, std::string body, call_target target, bool may_repeat, call_options opts,
                      boost::asio::any_completion_handler<void(result<typename operation_traits<Input>::output>)> handler);

/// Whether the client asks for ReturnConsumedCapacity (INDEXES) in calls that leave it
/// unset (an observer or a capacity budget wants it): a caller that makes its own body
/// sets the member the same way.
bool asks_consumed_capacity(const client& c) noexcept;

}  // namespace ddbkit::detail

#pragma once
// Internal: the three kinds of stage the request path is made of (DESIGN.md "Request
// path"). Each stage is one class in a file of its own; it holds the next stage and the
// shared state it needs, and can be tested alone with a fake next stage.
#include "client/request_path/call_state.hpp"

#include <boost/asio/awaitable.hpp>

namespace ddbkit::detail {

/// Runs a whole call: observer, retry loop.
class call_stage {
 public:
  virtual ~call_stage() = default;
  virtual boost::asio::awaitable<result<void>> run(call_state& call) = 0;
};

/// Sends one attempt and says how it went: circuit breaker, send rate, response mapping.
class attempt_stage {
 public:
  virtual ~attempt_stage() = default;
  virtual boost::asio::awaitable<attempt_outcome> attempt(call_state& call) = 0;
};

/// Puts one request on the wire and returns the raw answer: credentials and signing over
/// the transport.
class exchange_stage {
 public:
  virtual ~exchange_stage() = default;
  virtual boost::asio::awaitable<exchange_outcome> exchange(call_state& call) = 0;
};

}  // namespace ddbkit::detail

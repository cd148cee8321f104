#pragma once
// The seam between the client and the network: the HTTP client implements it, and so do
// the test kit's scripted transport and any decorator (signing, retry, metrics).
#include <ddbkit/error.hpp>
#include <ddbkit/http/endpoint.hpp>
#include <ddbkit/http/message.hpp>

#include <boost/asio/any_completion_handler.hpp>

#include <chrono>

namespace ddbkit::http {

class transport {
 public:
  using handler = boost::asio::any_completion_handler<void(result<response>)>;

  virtual ~transport() = default;

  /// Sends `req` to `ep` and completes `h` exactly once, on `h`'s associated executor, with
  /// the response (any HTTP status) or a `network` / `timeout` error. A `timeout` of zero
  /// means the transport's default. Honours terminal cancellation through `h`'s
  /// cancellation slot (completes with a `canceled` error).
  /// Errors for a request that was written but not answered have outcome_unknown() set.
  virtual void async_send(const endpoint& ep, request req, std::chrono::milliseconds timeout,
                          handler h) = 0;
};

}  // namespace ddbkit::http

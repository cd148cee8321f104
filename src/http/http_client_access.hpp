#pragma once
// Internal: the way for ddbkit's own request path into an http_client without a completion
// handler. A client that made its own http_client runs its calls on that client's strand
// and awaits each exchange in the call's own coroutine: no handler to type-erase, no state
// shared with a second coroutine, no hop onto the strand and back per request.
#include <ddbkit/error.hpp>
#include <ddbkit/http/http_client.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace ddbkit::http::detail {

struct http_client_access {
  /// The strand that serializes the client's pool and sockets (for a client made by
  /// make_on_one_thread, its executor).
  static boost::asio::any_io_executor strand(const http_client& client);

  /// An http_client on `executor`, which only one thread at a time runs, for the client's
  /// whole life (a ddbkit client's own single I/O thread, or an io_context whose concurrency
  /// hint promises Asio so): without a strand, as its handlers run one at a time anyway.
  /// Calls from other threads are posted to it as usual.
  static std::shared_ptr<http_client> make_on_one_thread(boost::asio::any_io_executor executor, http_options options,
                                                         std::shared_ptr<connection_listener> listener);

  /// http_client::async_send of a request already in its wire form (write_request's bytes
  /// for `ep`; `head`: a HEAD request, whose response has no body).
  static void async_send(http_client& client, const endpoint& ep, std::string wire, bool head,
                         std::chrono::milliseconds timeout, transport::handler h);

  /// http_client::send_blocking of a request already in its wire form.
  static result<response> send_blocking(http_client& client, const endpoint& ep, std::string wire, bool head,
                                        std::chrono::milliseconds timeout);

  /// What async_send does with a request in its wire form (not HEAD), awaited by a
  /// coroutine that runs on strand(client): same pool, timeouts and errors. `client` must
  /// outlive the await (the ddbkit client's calls own their http_client), so ~http_client
  /// never has such an exchange to abort. Terminal cancellation of the coroutine ends the
  /// socket, timer or resolver operation under way, drops the connection (or leaves the
  /// queue) and ends with `canceled`, as async_send's does. While it runs, a cancelled
  /// coroutine does not throw at its awaits (the lease must go back to the pool); the
  /// setting is restored after.
  static boost::asio::awaitable<result<response>> exchange(http_client& client, const endpoint& ep, std::string wire,
                                                           std::chrono::milliseconds timeout);

  /// To call once the code awaiting exchange() has handed its result on (and so had the
  /// chance to send its next request on the same connection): stops the deadline timers
  /// of the connections those exchanges used that are idle now, so that an idle client
  /// does not keep its context running. (async_send does this itself after its handler.)
  /// From any thread: on the strand it runs at once, elsewhere it is posted there.
  static void settle(http_client& client);
};

}  // namespace ddbkit::http::detail

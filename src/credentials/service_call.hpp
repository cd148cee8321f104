#pragma once
// Internal: what the network providers share — a request bounded by a deadline, awaiting a
// provider, running a fetch coroutine, and wrapping a fetch in the cache.
#include <ddbkit/auth/credentials_provider.hpp>
#include <ddbkit/credentials/credentials_network.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>
#include <string_view>

namespace ddbkit::detail {

std::chrono::system_clock::time_point now(const credentials_network& net);

/// Sends `req`, bounded by `timeout` in total (connect included), cancelling it at the
/// deadline. A late answer is a `timeout` error.
boost::asio::awaitable<result<http::response>> send_with_deadline(const credentials_network& net,
                                                                  const http::endpoint& ep, http::request req,
                                                                  std::chrono::milliseconds timeout);

/// The provider's answer, in a coroutine.
boost::asio::awaitable<result<credentials>> await_credentials(credentials_provider& provider);

/// Runs `work` on `executor` and completes `h` with its result (an escaping exception
/// becomes a `credentials` error).
void spawn_fetch(const boost::asio::any_io_executor& executor, boost::asio::awaitable<result<credentials>> work,
                 credentials_provider::handler h);

/// A caching_credentials_provider around `fetch`, on net's clock.
std::shared_ptr<credentials_provider> make_cached(const credentials_network& net,
                                                  std::function<void(credentials_provider::handler)> fetch);

/// A caching provider whose fetch runs `make_fetch()`'s coroutine on net.executor.
template <class MakeFetch>
std::shared_ptr<credentials_provider> cached_fetch(const credentials_network& net, MakeFetch make_fetch) {
  return make_cached(net, [executor = net.executor, make_fetch = std::move(make_fetch)](credentials_provider::handler h) {
    spawn_fetch(executor, make_fetch(), std::move(h));
  });
}

/// Reads a small file (a token); `what` names it in errors.
result<std::string> read_token_file(const std::string& path, std::string_view what);

using form = std::vector<std::pair<std::string, std::string>>;

/// application/x-www-form-urlencoded with RFC 3986 escaping (what the AWS SDKs send), for
/// form bodies and query strings alike.
std::string form_encode(const form& fields);

/// "<what>: HTTP <status>" — the body is not quoted: it may hold secrets.
error http_status_error(std::string_view what, int status);

}  // namespace ddbkit::detail

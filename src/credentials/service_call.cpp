#include "credentials/service_call.hpp"

#include "async/await_handler.hpp"
#include "async/spawn.hpp"
#include "auth/encoding.hpp"
#include "error_builder.hpp"

#include <ddbkit/auth/caching_credentials_provider.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <fstream>
#include <sstream>
#include <variant>

namespace ddbkit::detail {

namespace asio = boost::asio;

std::chrono::system_clock::time_point now(const credentials_network& net) {
  return net.clock ? net.clock() : std::chrono::system_clock::now();
}

namespace {

asio::awaitable<result<http::response>> send(std::shared_ptr<http::transport> transport, http::endpoint ep,
                                             http::request req, std::chrono::milliseconds timeout) {
  co_return co_await await_handler<result<http::response>>(
      [&](http::transport::handler h) { transport->async_send(ep, std::move(req), timeout, std::move(h)); });
}

}  // namespace

asio::awaitable<result<http::response>> send_with_deadline(const credentials_network& net, const http::endpoint& ep,
                                                           http::request req, std::chrono::milliseconds timeout) {
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer deadline(co_await asio::this_coro::executor, timeout);
  // The loser is cancelled: the transport closes the connection, the timer stops.
  auto sent = send(net.transport, ep, std::move(req), timeout);
  auto outcome = co_await (std::move(sent) || deadline.async_wait(asio::use_awaitable));
  if (outcome.index() == 0) co_return std::get<0>(std::move(outcome));
  co_return fail(error_code::timeout, "no answer from " + ep.url() + " within " + std::to_string(timeout.count()) + " ms");
}

asio::awaitable<result<credentials>> await_credentials(credentials_provider& provider) {
  co_return co_await await_handler<result<credentials>>(
      [&](credentials_provider::handler h) { provider.async_get_credentials(std::move(h)); });
}

void spawn_fetch(const asio::any_io_executor& executor, asio::awaitable<result<credentials>> work,
                 credentials_provider::handler h) {
  spawn_result<credentials>(executor, std::move(work), std::move(h), error_code::credentials);
}

std::shared_ptr<credentials_provider> make_cached(const credentials_network& net,
                                                  std::function<void(credentials_provider::handler)> fetch) {
  caching_credentials_provider::options opts;
  opts.clock = net.clock;
  return std::make_shared<caching_credentials_provider>(std::move(fetch), std::move(opts));
}

result<std::string> read_token_file(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(error_code::credentials, std::string(what) + ": cannot read " + path);
  std::ostringstream content;
  content << in.rdbuf();
  std::string token = std::move(content).str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty()) return fail(error_code::credentials, std::string(what) + ": " + path + " is empty");
  return token;
}

std::string form_encode(const form& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    append_uri_encoded(out, value, false);
  }
  return out;
}

error http_status_error(std::string_view what, int status) {
  error e(error_code::credentials, std::string(what) + ": HTTP " + std::to_string(status));
  detail::error_builder(e).http_status(status);
  return e;
}

}  // namespace ddbkit::detail

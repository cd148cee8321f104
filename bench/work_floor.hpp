#pragma once
// ddbkit's own work for one request, with nothing around it: the least any request path
// built from ddbkit's parts can cost. Serialize the input, sign it into the request's bytes
// in one pass (as a client's own HTTP client does), exchange them on one kept-alive
// blocking connection (ddbkit's, as the blocking client uses), check x-amz-crc32 and decode
// the output: in a plain loop on the calling thread, with no stage, pool, coroutine,
// executor, observer or retry state. Its CPU above the ceiling's is the work; a client's
// CPU above it is what its request path costs (its machinery), which a redesign of the
// path could win and nothing else could.
#include <ddbkit/auth/credentials.hpp>
#include <ddbkit/error.hpp>
#include <ddbkit/auth/sigv4_signer.hpp>
#include <ddbkit/http/endpoint.hpp>
#include <ddbkit/model/get_item.hpp>
#include <ddbkit/model/put_item.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ddbkit::http::detail {
class blocking_connection;
class connection;
struct exchange_result;
}  // namespace ddbkit::http::detail

namespace ddbkit::bench {

/// Signs requests for one endpoint as DynamoDB Local's dummy credentials do, and reads
/// their answers: the work of a request on either side of its exchange.
class request_work {
 public:
  explicit request_work(const http::endpoint& ep);

  /// The signed request bytes of `operation` with `body` (one pass, as a client's own HTTP
  /// client signs).
  std::string wire(std::string_view operation, const std::string& body);
  /// The response's body, when the exchange got a 200 whose x-amz-crc32 matches.
  static std::optional<std::string> accepted(http::detail::exchange_result& exchanged);
  /// Whether `body` decodes as the operation's output (GetItem: with an item).
  static bool put_answered(const std::optional<std::string>& body);
  static bool get_answered(const std::optional<std::string>& body);

 private:
  std::string host_header_;
  credentials credentials_;
  sigv4::signing_key_cache keys_;
};

/// One kept-alive blocking connection to `ep` (ddbkit's, as the blocking client uses).
class work_floor {
 public:
  explicit work_floor(const http::endpoint& ep);
  ~work_floor();
  work_floor(const work_floor&) = delete;
  work_floor& operator=(const work_floor&) = delete;

  /// One request of `in`'s operation, every step of ddbkit's work done; true when the
  /// response was a 200 whose CRC matched and whose output decoded (GetItem: with an item).
  bool put(const put_item_input& in);
  bool get(const get_item_input& in);

 private:
  std::optional<std::string> exchange(std::string_view operation, const std::string& body);

  request_work work_;
  std::unique_ptr<http::detail::blocking_connection> connection_;
};

/// The same work with the exchange on ddbkit's async connection (its callback exchange, as
/// the async client's own HTTP client uses on a kept-alive connection), driven by `io`: the
/// least an async client built from ddbkit's parts can cost, with no request path, pool,
/// strand or hand-over to a caller's executor. The async client's CPU above it is what its
/// request path costs; its CPU above the Asio floor's is ddbkit's work as an async client
/// does it.
class async_work_floor {
 public:
  async_work_floor(boost::asio::io_context& io, const http::endpoint& ep);
  ~async_work_floor();
  async_work_floor(const async_work_floor&) = delete;
  async_work_floor& operator=(const async_work_floor&) = delete;

  boost::asio::awaitable<bool> put(const put_item_input& in);
  boost::asio::awaitable<bool> get(const get_item_input& in);

 private:
  using answer_check = bool (*)(const std::optional<std::string>&);

  /// One request of `operation` with `body`, its answer read by `answered`: put and get.
  boost::asio::awaitable<bool> request(result<std::string> body, std::string_view operation, answer_check answered);
  /// The exchange of `wire`, which must outlive it.
  boost::asio::awaitable<http::detail::exchange_result> exchange(const std::string& wire);

  request_work work_;
  std::shared_ptr<http::detail::connection> connection_;
  bool in_flight_ = false;  ///< an exchange is under way
};

}  // namespace ddbkit::bench

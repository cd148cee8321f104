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
#include <ddbkit/auth/sigv4_signer.hpp>
#include <ddbkit/http/endpoint.hpp>
#include <ddbkit/model/get_item.hpp>
#include <ddbkit/model/put_item.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ddbkit::http::detail {
class blocking_connection;
}

namespace ddbkit::bench {

/// One kept-alive connection to `ep`, signing as DynamoDB Local's dummy credentials do.
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
  /// The response's body, when the exchange of `operation` with `body` got a 200 with a
  /// matching CRC.
  std::optional<std::string> exchange(std::string_view operation, const std::string& body);

  std::string host_header_;
  credentials credentials_;
  sigv4::signing_key_cache keys_;
  std::unique_ptr<http::detail::blocking_connection> connection_;
};

}  // namespace ddbkit::bench

#pragma once
// Internal: the innermost stage. Gets credentials, signs the request (SigV4) and hands it
// to the transport, within the attempt's timeout and the call's deadline.
#include "client/request_path/request_runtime.hpp"
#include "client/request_path/stages.hpp"

#include <ddbkit/auth/credentials_provider.hpp>
#include <ddbkit/auth/sigv4_signer.hpp>
#include <ddbkit/http/endpoint.hpp>
#include <ddbkit/http/http_client.hpp>
#include <ddbkit/http/transport.hpp>

#include <memory>
#include <string>

namespace ddbkit::detail {

/// What every request of a client is signed for and sent to.
struct signing_target {
  http::endpoint endpoint;
  std::string region;
};

/// Thread safety: exchange() may be called concurrently (the provider, the key cache and
/// the transport are thread-safe).
class signing_stage final : public exchange_stage {
 public:
  /// Everything referenced must outlive the stage. With `direct` set (the client's own
  /// HTTP client, which is `transport`), requests are awaited in the call's own coroutine
  /// (http_client_access::exchange) instead of through a completion handler: every call
  /// must then run on `direct`'s strand.
  signing_stage(const signing_target& target, credentials_provider& credentials, sigv4::signing_key_cache& keys,
                http::transport& transport, http::http_client* direct, const request_runtime& runtime);

  /// Credentials (fetched for every request: providers refresh what expires), the
  /// DynamoDB JSON 1.0 headers, the signature, then the transport. Not sent: a credentials
  /// error, or a call whose deadline has passed (`timeout`).
  boost::asio::awaitable<exchange_outcome> exchange(call_state& call) override;

 private:
  /// The signed request for `call`. A plain function: what signing needs on the way (the
  /// signable request, the signature's texts) lives on its stack, not in the coroutine's
  /// frame, which stays small enough for the allocators' caches of small blocks.
  http::request signed_request(const call_state& call, const credentials& creds) const;
  /// The exchange of `req`: awaited in the caller's coroutine with `direct_`, else through
  /// the transport and a completion handler. Not a coroutine itself (no frame of its own).
  boost::asio::awaitable<result<http::response>> send(http::request req, std::chrono::milliseconds timeout);

  const signing_target& target_;
  const std::string host_header_;
  credentials_provider& credentials_;
  sigv4::signing_key_cache& keys_;
  http::transport& transport_;
  http::http_client* const direct_;  ///< null: through transport_ and a completion handler
  const request_runtime& runtime_;
};

}  // namespace ddbkit::detail

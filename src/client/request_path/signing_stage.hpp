#pragma once
// Internal: the innermost stage. Gets credentials, signs the request (SigV4) and hands it
// on (the transport, or the client's own HTTP client), within the attempt's timeout and
// the call's deadline.
#include "client/request_path/request_runtime.hpp"
#include "client/request_path/signed_request.hpp"
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

/// Where the signing stage hands a signed request.
struct delivery {
  enum class route {
    transport,       ///< the transport's async_send and a completion handler: any transport
    client_strand,   ///< awaited in the call's own coroutine on the client's own HTTP client
    calling_thread,  ///< sent and read on the calling thread by the own HTTP client's blocking pool
  };

  /// Through `transport` (the scripted one, a user's, an HTTP client the client does not own).
  static delivery through(http::transport& transport) { return {route::transport, &transport, nullptr}; }
  /// Awaited in the call's coroutine (http_client_access::exchange): every call must then run on
  /// `own`'s strand. No handler to type-erase, no hop per request.
  static delivery on_strand(http::http_client& own) { return {route::client_strand, nullptr, &own}; }
  /// On the thread that runs the call's coroutine (http_client_access::send_blocking): a
  /// blocking call's path, whose coroutine runs on the calling thread.
  static delivery on_calling_thread(http::http_client& own) { return {route::calling_thread, nullptr, &own}; }

  route how;
  http::transport* transport;  ///< route::transport
  http::http_client* own;      ///< the other routes
};

/// Thread safety: exchange() may be called concurrently (the provider, the key cache and
/// the transport are thread-safe).
class signing_stage final : public exchange_stage {
 public:
  /// Everything referenced must outlive the stage.
  signing_stage(const signing_target& target, credentials_provider& credentials, sigv4::signing_key_cache& keys,
                delivery to, const request_runtime& runtime);

  /// Credentials (fetched for every request: providers refresh what expires), the
  /// DynamoDB JSON 1.0 headers, the signature, then the delivery. Not sent: a credentials
  /// error, or a call whose deadline has passed (`timeout`).
  boost::asio::awaitable<exchange_outcome> exchange(call_state& call) override;

  /// exchange() without suspending, for a caller on the calling thread's route (request_path's
  /// direct path): nullopt on another route, or when the provider has no credentials at
  /// hand (exchange() then fetches them).
  std::optional<exchange_outcome> exchange_now(const call_state& call);

  /// exchange() through a handler, for a caller with no coroutine (request_path::start):
  /// with credentials at hand, signs the request and hands it to the transport's async_send
  /// (or the own HTTP client's), which completes `done` on its associated executor and
  /// sees its cancellation slot. From within this call, `done` gets too_late() for a call
  /// whose deadline has passed, and nullopt when the credentials are not at hand
  /// (exchange() fetches them). Not for the calling thread's route.
  void start_exchange(const call_state& call,
                      boost::asio::any_completion_handler<void(std::optional<exchange_outcome>)> done);

 private:
  /// What `call` signs, and the scope it is signed for now.
  dynamodb_request request_of(const call_state& call) const;
  sigv4::signing_scope scope_now() const;
  /// The request in its wire form, for the own HTTP client: written at once where it can
  /// be (signed_wire), else as the general request written out. Plain functions, these and
  /// send(): what signing needs on the way lives on their stacks, not in the coroutine's
  /// frame, which stays small enough for the allocators' caches of small blocks.
  result<std::string> wire(const call_state& call, const credentials& creds) const;
  /// The exchange through the transport or on the own client's strand (not a coroutine itself).
  boost::asio::awaitable<result<http::response>> send(const call_state& call, const credentials& creds,
                                                      std::chrono::milliseconds timeout);
  /// The exchange on the calling thread: no suspension.
  result<http::response> send_here(const call_state& call, const credentials& creds,
                                   std::chrono::milliseconds timeout);
  /// The exchange on the calling thread with `creds`, within the call's deadline.
  exchange_outcome exchange_here(const call_state& call, const credentials& creds);

  const signing_target& target_;
  const std::string host_header_;
  credentials_provider& credentials_;
  sigv4::signing_key_cache& keys_;
  const delivery to_;
  const request_runtime& runtime_;
};

}  // namespace ddbkit::detail

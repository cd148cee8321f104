#pragma once
// Internal: a DynamoDB JSON 1.0 request signed with SigV4, in the two forms the signing
// stage sends: an http::request for any transport, or the HTTP/1.1 bytes themselves for
// the client's own HTTP client.
#include <ddbkit/auth/credentials.hpp>
#include <ddbkit/auth/sigv4_signer.hpp>
#include <ddbkit/http/message.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace ddbkit::detail {

/// What is signed: an operation ("GetItem") and its body, sent to a host (its Host header
/// value, "dynamodb.us-east-1.amazonaws.com" or "127.0.0.1:8000").
struct dynamodb_request {
  std::string_view host_header;
  std::string_view operation;
  std::string_view body;
};

/// The request with its DynamoDB and SigV4 headers (Host and Content-Length are the
/// transport's).
http::request signed_request(const dynamodb_request& req, const credentials& creds,
                             const sigv4::signing_scope& scope, sigv4::signing_key_cache& keys);

/// The bytes http::detail::write_request(signed_request(...)) makes of the same request,
/// byte for byte, written in one pass: no request object, no canonical request or string to
/// sign on the heap, nothing allocated but the result. nullopt when a text that goes into a
/// header verbatim (the host, the access key, the session token, the region) is not plain
/// printable ASCII without spaces, or `scope` asks for more than DynamoDB's defaults: the
/// caller then signs signed_request(), whose writer checks what it must.
std::optional<std::string> signed_wire(const dynamodb_request& req, const credentials& creds,
                                       const sigv4::signing_scope& scope, sigv4::signing_key_cache& keys);

}  // namespace ddbkit::detail

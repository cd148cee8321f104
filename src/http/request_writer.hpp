#pragma once
// Internal: the HTTP/1.1 wire form of a request (sans-I/O, unit-tested on its own).
#include <ddbkit/error.hpp>
#include <ddbkit/http/endpoint.hpp>
#include <ddbkit/http/message.hpp>

#include <string>

namespace ddbkit::http::detail {

/// The request line, a Host header (ep.host_header()), the caller's headers, a
/// Content-Length, and the body, as one buffer so it leaves in as few segments (and TLS
/// records) as possible.
///
/// Any Host or Content-Length header of the caller is replaced; Transfer-Encoding is refused
/// (the body is always sent with a length). A method, target or header that would let its
/// text end the line early (CR, LF, NUL, or a space where the grammar forbids one) is a
/// `validation` error: nothing in a request may smuggle another one onto the connection.
result<std::string> write_request(const request& req, const endpoint& ep);

}  // namespace ddbkit::http::detail

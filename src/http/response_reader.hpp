#pragma once
// Internal: turns the bytes of one HTTP/1.1 response into a response, whatever reads them
// (the async connection, the blocking one). Sans-I/O: fed from a buffer, never reads.
#include <ddbkit/error.hpp>
#include <ddbkit/http/message.hpp>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

namespace ddbkit::http::detail {

/// How much a connection asks a receive for: a typical response (an item, a small page)
/// arrives whole in one system call.
inline constexpr std::size_t read_chunk = 16 * 1024;

/// One response. Not reusable: make one per exchange.
class response_reader {
 public:
  /// `head`: the response has no body whatever its headers claim (a HEAD request).
  explicit response_reader(bool head);

  /// Parses what `buffer` holds and consumes it. True once the response is complete (bytes
  /// after it stay in the buffer); false when more bytes are needed. A malformed response
  /// is a `network` error naming the problem.
  result<bool> feed(boost::beast::flat_buffer& buffer);

  /// The peer closed the connection: true when that completes the response (a body
  /// delimited by the close); false when the response was cut short.
  bool finish_at_eof();

  /// Whether any byte of the response arrived.
  bool got_some() const noexcept { return parser_.got_some(); }

  /// The connection may carry another request after this response.
  bool keep_alive() const { return parser_.keep_alive(); }

  /// The complete response (call once, after feed() or finish_at_eof() said so).
  response take();

 private:
  boost::beast::http::response_parser<boost::beast::http::string_body> parser_;
};

}  // namespace ddbkit::http::detail

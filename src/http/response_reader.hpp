#pragma once
// Internal: turns the bytes of one HTTP/1.1 response into a response, whatever reads them
// (the async connection, the blocking one). Sans-I/O: fed from a buffer, never reads.
#include <ddbkit/error.hpp>
#include <ddbkit/http/message.hpp>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>

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
  /// Beast's parser, writing the status, the fields and the body straight into a response:
  /// Beast's own message would keep each field in a node of its own, then be copied.
  class parser final : public boost::beast::http::basic_parser<false> {
   public:
    response message;

   private:
    using string_view = boost::beast::string_view;
    using error_code = boost::system::error_code;
    void on_request_impl(boost::beast::http::verb, string_view, string_view, int, error_code&) override {}
    void on_response_impl(int code, string_view, int, error_code&) override;
    void on_field_impl(boost::beast::http::field, string_view name, string_view value, error_code&) override;
    void on_header_impl(error_code&) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t>& content_length, error_code&) override;
    std::size_t on_body_impl(string_view body, error_code&) override;
    void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override;
    void on_finish_impl(error_code&) override {}
  };

  parser parser_;
};

}  // namespace ddbkit::http::detail

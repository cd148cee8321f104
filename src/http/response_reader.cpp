#include "http/response_reader.hpp"

#include <boost/beast/http/error.hpp>

namespace ddbkit::http::detail {
namespace {

// DynamoDB's largest responses (BatchGetItem, Query pages) stay under 16 MB; the limit only
// stops a broken or hostile server from making the client buffer without bound.
constexpr std::uint64_t max_body_bytes = 64ull * 1024 * 1024;
constexpr std::uint32_t max_header_bytes = 64 * 1024;

}  // namespace

response_reader::response_reader(bool head) {
  parser_.header_limit(max_header_bytes);
  parser_.body_limit(max_body_bytes);
  parser_.eager(true);
  parser_.skip(head);
  // DynamoDB answers with 7 headers, DynamoDB Local with 6: room for them at once, not
  // vector growth from 1 to 8.
  parser_.message.headers.reserve(8);
}

result<bool> response_reader::feed(boost::beast::flat_buffer& buffer) {
  while (buffer.size() > 0 && !parser_.is_done()) {
    boost::system::error_code ec;
    const auto used = parser_.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == boost::beast::http::error::need_more) break;
    if (ec) return fail(error_code::network, "malformed HTTP response: " + ec.message());
    if (used == 0) break;
  }
  if (parser_.is_header_done()) {
    // RFC 9110 §15: a status outside 100..599 is invalid; Beast accepts any three digits
    // (fuzzing sent "000"), which would reach the client as a status no rule expects.
    const int status = parser_.message.status;
    if (status < 100 || status > 599) {
      return fail(error_code::network, "malformed HTTP response: status " + std::to_string(status));
    }
  }
  return parser_.is_done();
}

bool response_reader::finish_at_eof() {
  if (parser_.is_done()) return true;
  if (!parser_.got_some()) return false;
  boost::system::error_code ec;
  parser_.put_eof(ec);
  return !ec && parser_.is_done();
}

response response_reader::take() { return std::move(parser_.message); }

void response_reader::parser::on_response_impl(int code, string_view, int, error_code&) {
  message.status = code;
  message.headers.reserve(8);  // DynamoDB sends 6 or 7
}

void response_reader::parser::on_field_impl(boost::beast::http::field, string_view name, string_view value,
                                            error_code&) {
  // Built in place: a header pushed as a temporary moved both of its strings again.
  message.headers.emplace_back(std::string(name), std::string(value));
}

void response_reader::parser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length, error_code&) {
  // The parser refuses a length above the body limit before this is called.
  if (content_length) message.body.reserve(static_cast<std::size_t>(*content_length));
}

std::size_t response_reader::parser::on_body_impl(string_view body, error_code&) {
  message.body.append(body.data(), body.size());
  return body.size();
}

std::size_t response_reader::parser::on_chunk_body_impl(std::uint64_t, string_view body, error_code&) {
  message.body.append(body.data(), body.size());
  return body.size();
}

}  // namespace ddbkit::http::detail

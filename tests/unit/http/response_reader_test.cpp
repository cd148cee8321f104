// The response parser fed from memory, as the connections feed it.
#include "http/response_reader.hpp"

#include <boost/asio/buffer.hpp>
#include <gtest/gtest.h>

#include <string_view>

namespace ddbkit::http::detail {
namespace {

/// Feeds `bytes` in pieces of `piece` bytes; the reader's verdict after the last feed.
result<bool> feed_in_pieces(response_reader& reader, std::string_view bytes, std::size_t piece) {
  boost::beast::flat_buffer buffer;
  result<bool> done = false;
  for (std::size_t offset = 0; offset < bytes.size(); offset += piece) {
    const std::size_t n = std::min(piece, bytes.size() - offset);
    buffer.commit(boost::asio::buffer_copy(buffer.prepare(n), boost::asio::buffer(bytes.substr(offset, n))));
    done = reader.feed(buffer);
    if (!done || *done) return done;
  }
  return done;
}

TEST(response_reader, completes_a_response_that_arrives_one_byte_at_a_time) {
  response_reader reader(false);
  auto done = feed_in_pieces(reader, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-amzn-RequestId: r1\r\n\r\n{}", 1);
  ASSERT_TRUE(done.has_value());
  ASSERT_TRUE(*done);
  const auto res = reader.take();
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "{}");
  EXPECT_EQ(res.header_value("x-amzn-requestid"), "r1");
}

TEST(response_reader, a_body_delimited_by_the_close_completes_at_end_of_file) {
  response_reader reader(false);
  auto done = feed_in_pieces(reader, "HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n\r\nboom", 7);
  ASSERT_TRUE(done.has_value());
  EXPECT_FALSE(*done);
  ASSERT_TRUE(reader.finish_at_eof());
  const auto res = reader.take();
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(res.body, "boom");
}

TEST(response_reader, refuses_a_status_outside_100_to_599_as_a_malformed_response) {
  // Found by fuzzing: Beast accepts any three digits as the status.
  for (std::string_view status : {"000", "099", "600", "999"}) {
    response_reader reader(false);
    const std::string bytes = "HTTP/1.1 " + std::string(status) + " X\r\nContent-Length: 0\r\n\r\n";
    auto done = feed_in_pieces(reader, bytes, bytes.size());
    ASSERT_FALSE(done.has_value()) << status;
    EXPECT_EQ(done.error().code(), error_code::network);
    EXPECT_NE(done.error().message().find("status " + std::to_string(std::stoi(std::string(status)))), std::string_view::npos)
        << done.error().message();
  }
}

TEST(response_reader, a_response_cut_short_is_not_complete_at_end_of_file) {
  response_reader reader(false);
  auto done = feed_in_pieces(reader, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}", 64);
  ASSERT_TRUE(done.has_value());
  EXPECT_FALSE(*done);
  EXPECT_FALSE(reader.finish_at_eof());
}

}  // namespace
}  // namespace ddbkit::http::detail

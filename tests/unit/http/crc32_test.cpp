#include "http/crc32.hpp"

#include <boost/crc.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

namespace ddbkit::http::detail {
namespace {

std::uint32_t boost_crc32(std::string_view bytes) {
  boost::crc_32_type crc;
  crc.process_bytes(bytes.data(), bytes.size());
  return crc.checksum();
}

TEST(crc32, matches_the_standard_check_value) {
  // The check value of CRC-32/ISO-HDLC, the polynomial of zlib and of x-amz-crc32.
  EXPECT_EQ(crc32_of("123456789"), 0xCBF43926U);
  EXPECT_EQ(crc32_of(""), 0U);
}

TEST(crc32, matches_a_dynamodb_response) {
  // DynamoDB Local's answer to a GetItem of a missing key, with the x-amz-crc32 it sent.
  EXPECT_EQ(crc32_of("{}"), 2745614147U);
}

// Bodies of every length across the folding widths (16, 64, 128 bytes and their tails).
TEST(crc32, agrees_with_boost_crc_at_every_length_up_to_600) {
  std::string body;
  for (int n = 0; n <= 600; ++n) {
    ASSERT_EQ(crc32_of(body), boost_crc32(body)) << "length " << n;
    body.push_back(static_cast<char>((n * 131 + 7) & 0xff));
  }
}

RC_GTEST_PROP(crc32, agrees_with_boost_crc_on_any_bytes, (const std::string& body)) {
  RC_ASSERT(crc32_of(body) == boost_crc32(body));
}

}  // namespace
}  // namespace ddbkit::http::detail

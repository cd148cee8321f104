#include "value/base64.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace ddbkit::detail {
namespace {

std::string encode(const std::vector<std::uint8_t>& b) {
  std::string out;
  append_base64(out, b.data(), b.size());
  return out;
}

TEST(base64, rfc4648_vectors) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, coded] : vectors) {
    EXPECT_EQ(encode({plain.begin(), plain.end()}), coded);
    auto back = decode_base64(coded);
    ASSERT_TRUE(back);
    EXPECT_EQ(std::string(back->begin(), back->end()), plain);
  }
}

TEST(base64, refuses_non_canonical_or_invalid_text) {
  for (const char* bad : {"Zg", "Zg=", "Z===", "Zh==", "Zm9v!", "Zm 9v", "=Zm9", "Zm=v"}) {
    EXPECT_FALSE(decode_base64(bad)) << bad;
  }
}

RC_GTEST_PROP(base64, decode_of_encode_is_the_identity, (const std::vector<std::uint8_t>& data)) {
  auto back = decode_base64(encode(data));
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == data);
}

}  // namespace
}  // namespace ddbkit::detail

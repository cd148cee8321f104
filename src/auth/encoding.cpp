#include "auth/encoding.hpp"

#include <array>
#include <cstring>

namespace ddbkit::detail {
namespace {

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

// The two hex digits of every byte value: one load a byte instead of two nibble lookups
// (three digests a signature go through here).
constexpr std::array<std::array<char, 2>, 256> hex_pairs = [] {
  constexpr char digits[] = "0123456789abcdef";
  std::array<std::array<char, 2>, 256> pairs{};
  for (std::size_t b = 0; b < 256; ++b) pairs[b] = {digits[b >> 4], digits[b & 15]};
  return pairs;
}();

}  // namespace

void write_lower_hex(char* to, const unsigned char* data, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i, to += 2) std::memcpy(to, hex_pairs[data[i]].data(), 2);
}

void append_lower_hex(std::string& out, const unsigned char* data, std::size_t size) {
  const std::size_t at = out.size();
  out.resize_and_overwrite(at + size * 2, [&](char* text, std::size_t n) {
    write_lower_hex(text + at, data, size);
    return n;
  });
}

std::string lower_hex(const unsigned char* data, std::size_t size) {
  std::string out;
  append_lower_hex(out, data, size);
  return out;
}

void append_uri_encoded(std::string& out, std::string_view s, bool keep_slash) {
  static constexpr char upper_hex[] = "0123456789ABCDEF";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (unreserved(c) || (keep_slash && c == '/')) {
      out += ch;
    } else {
      out += '%';
      out += upper_hex[c >> 4];
      out += upper_hex[c & 15];
    }
  }
}

}  // namespace ddbkit::detail

#include "auth/encoding.hpp"

namespace ddbkit::detail {
namespace {

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

}  // namespace

void append_lower_hex(std::string& out, const unsigned char* data, std::size_t size) {
  static constexpr char hex[] = "0123456789abcdef";
  const std::size_t at = out.size();
  out.resize_and_overwrite(at + size * 2, [&](char* text, std::size_t n) {
    for (std::size_t i = 0; i < size; ++i) {
      text[at + 2 * i] = hex[data[i] >> 4];
      text[at + 2 * i + 1] = hex[data[i] & 15];
    }
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

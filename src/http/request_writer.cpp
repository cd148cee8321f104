#include "http/request_writer.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace ddbkit::http::detail {

namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

// RFC 9110 token characters, used for the method and header names: a table, as every
// header of every request is checked.
constexpr std::array<bool, 256> token_characters = [] {
  std::array<bool, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
  for (const char c : std::string_view("!#$%&'*+-.^_`|~")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

bool is_token(std::string_view s) noexcept {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return token_characters[static_cast<unsigned char>(c)]; });
}

bool is_target(std::string_view s) noexcept {
  return !s.empty() && std::none_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f;
  });
}

bool is_field_character(unsigned char u) noexcept { return (u >= 0x20 || u == '\t') && u != 0x7f; }

// Field values may hold spaces and tabs, never line breaks or other controls. Every
// request's Authorization, date and target values pass here: eight bytes are checked at
// once for a byte below 0x20 or equal to 0x7f (a tab, allowed, is looked at one by one).
bool is_field_value(std::string_view s) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    // A byte b < 0x20 sets its high bit in (b - 0x20) & ~b; b == 0x7f gives 0 in b ^ 0x7f.
    const std::uint64_t below_space = (word - 0x20 * ones) & ~word & highs;
    const std::uint64_t del = word ^ (0x7f * ones);
    const std::uint64_t is_del = (del - ones) & ~del & highs;
    if ((below_space | is_del) != 0) {
      for (std::size_t j = i; j < i + 8; ++j) {
        if (!is_field_character(static_cast<unsigned char>(s[j]))) return false;
      }
    }
  }
  for (; i < s.size(); ++i) {
    if (!is_field_character(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

std::unexpected<error> invalid(std::string field, std::string message) {
  return std::unexpected(error::validation(std::move(field), std::move(message)));
}

}  // namespace

result<std::string> write_request(const request& req, const endpoint& ep) {
  if (!is_token(req.method)) return invalid("request.method", "not a valid HTTP method");
  if (!is_target(req.target)) return invalid("request.target", "request target is empty or has spaces or controls");

  std::size_t size = req.method.size() + req.target.size() + ep.host.size() + req.body.size() + 64;
  for (const auto& h : req.headers) size += h.name.size() + h.value.size() + 4;
  std::string out;
  out.reserve(size);

  out.append(req.method).append(" ").append(req.target).append(" HTTP/1.1\r\n");
  out.append("Host: ").append(ep.host_header()).append("\r\n");
  for (const auto& h : req.headers) {
    if (!is_token(h.name)) return invalid("request.headers", "\"" + h.name + "\" is not a valid header name");
    if (!is_field_value(h.value)) {
      return invalid("request.headers", "the value of header " + h.name + " contains control characters");
    }
    if (iequals(h.name, "host") || iequals(h.name, "content-length")) continue;
    if (iequals(h.name, "transfer-encoding")) {
      return invalid("request.headers", "Transfer-Encoding is not supported; bodies are sent with a length");
    }
    out.append(h.name).append(": ").append(h.value).append("\r\n");
  }
  // Methods without body semantics go without a length when empty; everything else
  // always states it, so the server never waits for a body that is not coming.
  const bool bodyless = req.method == "GET" || req.method == "HEAD" || req.method == "DELETE" ||
                        req.method == "OPTIONS";
  if (!req.body.empty() || !bodyless) {
    out.append("Content-Length: ").append(std::to_string(req.body.size())).append("\r\n");
  }
  out.append("\r\n").append(req.body);
  return out;
}

}  // namespace ddbkit::http::detail

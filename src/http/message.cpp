#include <ddbkit/http/message.hpp>

#include <algorithm>

namespace ddbkit::http {

namespace {

// HTTP field names are ASCII tokens; a locale-independent comparison is both correct and
// cheaper than std::tolower.
char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

std::string_view find_header(const std::vector<header>& headers, std::string_view name) noexcept {
  for (const auto& h : headers) {
    if (iequals(h.name, name)) return h.value;
  }
  return {};
}

}  // namespace

std::string_view request::header_value(std::string_view name) const noexcept { return find_header(headers, name); }

std::string_view response::header_value(std::string_view name) const noexcept { return find_header(headers, name); }

}  // namespace ddbkit::http

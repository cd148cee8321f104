#include "credentials/xml_text.hpp"

#include <charconv>

namespace ddbkit::detail {
namespace {

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::optional<std::string> unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<') return std::nullopt;  // a child element: not plain text
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const auto semi = text.find(';', i);
    if (semi == std::string_view::npos) return std::nullopt;
    const auto entity = text.substr(i + 1, semi - i - 1);
    if (entity == "amp") out += '&';
    else if (entity == "lt") out += '<';
    else if (entity == "gt") out += '>';
    else if (entity == "quot") out += '"';
    else if (entity == "apos") out += '\'';
    else if (entity.size() > 1 && entity[0] == '#') {
      const bool hex = entity[1] == 'x' || entity[1] == 'X';
      const auto digits = entity.substr(hex ? 2 : 1);
      unsigned long cp = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || cp == 0 || cp > 0x10FFFF) {
        return std::nullopt;
      }
      append_utf8(out, cp);
    } else {
      return std::nullopt;
    }
    i = semi;
  }
  return out;
}

}  // namespace

std::optional<std::string_view> xml_element_inner(std::string_view xml, std::string_view tag) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::string empty = "<" + std::string(tag) + "/>";
  const std::string close = "</" + std::string(tag) + ">";
  const auto at = xml.find(open);
  const auto empty_at = xml.find(empty);
  if (empty_at != std::string_view::npos && (at == std::string_view::npos || empty_at < at)) return std::string_view();
  if (at == std::string_view::npos) return std::nullopt;
  const auto begin = at + open.size();
  const auto end = xml.find(close, begin);
  if (end == std::string_view::npos) return std::nullopt;
  return xml.substr(begin, end - begin);
}

std::optional<std::string> xml_element_text(std::string_view xml, std::string_view tag) {
  auto inner = xml_element_inner(xml, tag);
  if (!inner) return std::nullopt;
  return unescape(*inner);
}

}  // namespace ddbkit::detail

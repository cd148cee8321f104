#include <ddbkit/expr/path.hpp>

#include <charconv>

namespace ddbkit::expr {
namespace {

/// Parses "a.b[2].c" into segments, or says what is wrong with it.
std::variant<std::vector<path::segment>, std::string> parse_segments(std::string_view text) {
  std::vector<path::segment> segments;
  if (text.empty()) return std::string("empty path");
  std::size_t i = 0;
  bool expect_name = true;  // at the start and after '.'
  while (i < text.size()) {
    if (expect_name) {
      std::size_t end = i;
      while (end < text.size() && text[end] != '.' && text[end] != '[' && text[end] != ']') ++end;
      if (end == i) return "empty name at offset " + std::to_string(i);
      segments.emplace_back(std::string(text.substr(i, end - i)));
      i = end;
      expect_name = false;
      continue;
    }
    const char c = text[i];
    if (c == '.') {
      expect_name = true;
      ++i;
      if (i == text.size()) return std::string("empty name at the end");
    } else if (c == '[') {
      const std::size_t close = text.find(']', i + 1);
      if (close == std::string_view::npos) return "unbalanced '[' at offset " + std::to_string(i);
      const std::string_view digits = text.substr(i + 1, close - i - 1);
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size()) {
        return "bad list index '" + std::string(digits) + "'";
      }
      segments.emplace_back(index);
      i = close + 1;
    } else {
      return std::string("unexpected '") + c + "' at offset " + std::to_string(i);
    }
  }
  return segments;
}

}  // namespace

path::path(std::string_view dotted) {
  auto parsed = parse_segments(dotted);
  if (auto* segments = std::get_if<std::vector<segment>>(&parsed)) {
    segments_ = std::move(*segments);
  } else {
    syntax_error_ = "bad path '" + std::string(dotted) + "': " + std::get<std::string>(parsed);
  }
}

result<path> path::parse(std::string_view dotted) {
  path p(dotted);
  if (p.syntax_error_) return std::unexpected(error::validation("path", *p.syntax_error_));
  return p;
}

path path::attribute(std::string name) {
  path p;
  p.segments_.emplace_back(std::move(name));
  return p;
}

path path::member(std::string name) const& { return path(*this).member(std::move(name)); }
path path::member(std::string name) && {
  segments_.emplace_back(std::move(name));
  return std::move(*this);
}

path path::operator[](std::size_t index) const& { return path(*this)[index]; }
path path::operator[](std::size_t index) && {
  segments_.emplace_back(index);
  return std::move(*this);
}

std::string to_string(const path& p) {
  if (p.syntax_error()) return *p.syntax_error();
  std::string out;
  for (const auto& s : p.segments()) {
    if (const auto* name = std::get_if<std::string>(&s)) {
      if (!out.empty()) out += '.';
      out += *name;
    } else {
      out += '[' + std::to_string(std::get<std::size_t>(s)) + ']';
    }
  }
  return out;
}

}  // namespace ddbkit::expr

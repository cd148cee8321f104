#include "text_table.hpp"

#include <algorithm>
#include <cstdio>

namespace ddbkit::cli {
namespace {

constexpr std::size_t max_cell_characters = 60;

bool continues_a_character(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t characters_in(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return !continues_a_character(c); }));
}

/// The cell as shown: control characters escaped, cut to max_cell_characters.
std::string shown(const std::string& cell) {
  std::string out;
  std::size_t characters = 0;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    const char c = cell[i];
    if (!continues_a_character(c) && ++characters > max_cell_characters) break;
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned char>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  if (characters <= max_cell_characters) return out;
  // Cut back to leave room for the marker, never inside a UTF-8 character.
  std::size_t keep = out.size();
  for (std::size_t dropped = 0; dropped < 3 && keep > 0;) {
    --keep;
    if (!continues_a_character(out[keep])) ++dropped;
  }
  out.resize(keep);
  return out + "...";
}

}  // namespace

void print_aligned(std::ostream& out, const std::vector<std::string>& headers,
                   const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::vector<std::string>> lines;
  if (!headers.empty()) lines.push_back(headers);
  for (const auto& row : rows) {
    std::vector<std::string> cells;
    cells.reserve(row.size());
    for (const auto& cell : row) cells.push_back(shown(cell));
    lines.push_back(std::move(cells));
  }
  std::vector<std::size_t> widths;
  for (const auto& line : lines) {
    if (widths.size() < line.size()) widths.resize(line.size(), 0);
    for (std::size_t c = 0; c < line.size(); ++c) widths[c] = std::max(widths[c], characters_in(line[c]));
  }
  for (const auto& line : lines) {
    std::string text;
    for (std::size_t c = 0; c < line.size(); ++c) {
      text += line[c];
      if (c + 1 < line.size()) text.append(widths[c] - characters_in(line[c]) + 2, ' ');
    }
    out << text << "\n";
  }
}

}  // namespace ddbkit::cli

#include "auth/iso8601.hpp"

#include <charconv>

namespace ddbkit::detail {
namespace {

bool read_number(std::string_view text, std::size_t pos, std::size_t digits, int& out) {
  if (pos + digits > text.size()) return false;
  for (std::size_t i = pos; i < pos + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  std::from_chars(text.data() + pos, text.data() + pos + digits, out);
  return true;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_number(text, 0, 4, year) || text.size() < 19 || text[4] != '-' || !read_number(text, 5, 2, month) ||
      text[7] != '-' || !read_number(text, 8, 2, day) || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
      !read_number(text, 11, 2, hour) || text[13] != ':' || !read_number(text, 14, 2, minute) || text[16] != ':' ||
      !read_number(text, 17, 2, second)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;  // sub-seconds: dropped
  }
  int offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh = 0, om = 0;
    if (!read_number(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !read_number(text, pos + 4, 2, om)) {
      return std::nullopt;
    }
    offset_minutes = (text[pos] == '+' ? 1 : -1) * (oh * 60 + om);
    pos += 6;
  } else {
    return std::nullopt;  // a time without a zone is ambiguous
  }
  if (pos != text.size()) return std::nullopt;

  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const std::chrono::sys_seconds when = std::chrono::sys_days(date) + std::chrono::hours(hour) +
                                        std::chrono::minutes(minute - offset_minutes) + std::chrono::seconds(second);
  // system_clock counts nanoseconds here: times beyond its range of about 292 years each
  // side of 1970 ("2999-01-01", or "0001-01-01" as fuzzing found) would overflow.
  constexpr auto latest = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::time_point::max());
  constexpr auto earliest = std::chrono::ceil<std::chrono::seconds>(std::chrono::system_clock::time_point::min());
  if (when >= latest) return std::chrono::system_clock::time_point::max();
  if (when <= earliest) return std::chrono::system_clock::time_point::min();
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(when);
}

}  // namespace ddbkit::detail

#include "value/decimal.hpp"

#include <algorithm>

namespace ddbkit::detail {
namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

std::optional<decimal> parse_decimal(std::string_view text) {
  decimal d;
  std::size_t i = 0;
  if (i < text.size() && text[i] == '-') {
    d.negative = true;
    ++i;
  }
  const std::size_t int_begin = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  if (i == int_begin) return std::nullopt;
  std::string all(text.substr(int_begin, i - int_begin));
  long fraction_digits = 0;
  if (i < text.size() && text[i] == '.') {
    const std::size_t frac_begin = ++i;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == frac_begin) return std::nullopt;
    all.append(text.substr(frac_begin, i - frac_begin));
    fraction_digits = static_cast<long>(i - frac_begin);
  }
  long exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    const std::size_t exp_begin = i;
    while (i < text.size() && is_digit(text[i])) {
      // Cap instead of overflowing: any exponent this large is out of range anyway.
      if (exponent < 100000000) exponent = exponent * 10 + (text[i] - '0');
      ++i;
    }
    if (i == exp_begin) return std::nullopt;
    if (exp_negative) exponent = -exponent;
  }
  if (i != text.size()) return std::nullopt;

  const auto first = all.find_first_not_of('0');
  if (first == std::string::npos) return decimal{};  // zero, whatever its sign
  const auto last = all.find_last_not_of('0');
  d.digits = all.substr(first, last - first + 1);
  d.exponent = exponent - fraction_digits + static_cast<long>(all.size() - 1 - last);
  return d;
}

int compare(const decimal& a, const decimal& b) noexcept {
  const int sign_a = a.is_zero() ? 0 : (a.negative ? -1 : 1);
  const int sign_b = b.is_zero() ? 0 : (b.negative ? -1 : 1);
  if (sign_a != sign_b) return sign_a < sign_b ? -1 : 1;
  if (sign_a == 0) return 0;
  int magnitude = 0;
  if (a.scientific_exponent() != b.scientific_exponent()) {
    magnitude = a.scientific_exponent() < b.scientific_exponent() ? -1 : 1;
  } else {
    // Same leading position: compare digit strings, a missing digit counting as zero.
    const std::size_t n = std::max(a.digits.size(), b.digits.size());
    for (std::size_t k = 0; k < n && magnitude == 0; ++k) {
      const char da = k < a.digits.size() ? a.digits[k] : '0';
      const char db = k < b.digits.size() ? b.digits[k] : '0';
      if (da != db) magnitude = da < db ? -1 : 1;
    }
  }
  return sign_a * magnitude;
}

std::string canonical_text(const decimal& d) {
  if (d.is_zero()) return "0";
  std::string out = d.negative ? "-" : "";
  const long sci = d.scientific_exponent();
  const long n = static_cast<long>(d.digits.size());
  if (sci >= -7 && sci < 40) {
    if (d.exponent >= 0) {
      out += d.digits;
      out.append(static_cast<std::size_t>(d.exponent), '0');
    } else if (sci >= 0) {
      out.append(d.digits, 0, static_cast<std::size_t>(sci + 1));
      out += '.';
      out.append(d.digits, static_cast<std::size_t>(sci + 1));
    } else {
      out += "0.";
      out.append(static_cast<std::size_t>(-sci - 1), '0');
      out += d.digits;
    }
    return out;
  }
  out += d.digits[0];
  if (n > 1) {
    out += '.';
    out.append(d.digits, 1);
  }
  out += 'E';
  out += sci < 0 ? "-" : "+";
  out += std::to_string(sci < 0 ? -sci : sci);
  return out;
}

}  // namespace ddbkit::detail

#include <ddbkit/value/limits.hpp>
#include <ddbkit/value/number.hpp>

#include "value/decimal.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace ddbkit {
namespace {

constexpr long min_scientific_exponent = -130;  // 1E-130
constexpr long max_scientific_exponent = 125;   // 9.99…E+125 (38 digits at most)

result<detail::decimal> checked(std::string_view text) {
  auto d = detail::parse_decimal(text);
  if (!d) return std::unexpected(error::validation("", "'" + std::string(text.substr(0, 64)) + "' is not a number"));
  if (d->digits.size() > limits::max_number_digits) {
    return std::unexpected(error::validation(
        "", "'" + std::string(text.substr(0, 64)) + "' has more than 38 significant digits"));
  }
  if (!d->is_zero() && (d->scientific_exponent() < min_scientific_exponent ||
                        d->scientific_exponent() > max_scientific_exponent)) {
    return std::unexpected(error::validation(
        "", "'" + std::string(text.substr(0, 64)) + "' is outside DynamoDB's range (1E-130 to 9.99E+125)"));
  }
  return *d;
}

/// Whether `text` is a decimal DynamoDB surely accepts, decided without building one: at
/// most 38 digits in all, an optional sign and fraction, no exponent (what numbers in
/// items mostly are). Such a number has at most 38 significant digits and a scientific
/// exponent within ±38, inside DynamoDB's range. Anything else takes checked().
bool surely_valid(std::string_view text) noexcept {
  std::size_t i = text.starts_with('-') ? 1 : 0;
  const std::size_t first_digit = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (i == first_digit) return false;
  std::size_t digits = i - first_digit;
  if (i < text.size() && text[i] == '.') {
    const std::size_t fraction = ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == fraction) return false;
    digits += i - fraction;
  }
  return i == text.size() && digits <= limits::max_number_digits;
}

detail::decimal decimal_of(const std::string& text) {
  // The text was validated on construction, so it parses.
  return detail::parse_decimal(text).value_or(detail::decimal{});
}

template <class I>
result<I> to_integer(const std::string& text) {
  const auto d = decimal_of(text);
  if (d.exponent < 0) return fail(error_code::serialization, "number " + text + " has a fraction");
  if (d.is_zero()) return I{0};
  if (d.exponent > 20) return fail(error_code::serialization, "number " + text + " is out of range");
  std::string plain = (d.negative ? "-" : "") + d.digits + std::string(static_cast<std::size_t>(d.exponent), '0');
  I value{};
  auto [end, ec] = std::from_chars(plain.data(), plain.data() + plain.size(), value);
  if (ec != std::errc{} || end != plain.data() + plain.size()) {
    return fail(error_code::serialization, "number " + text + " is out of range");
  }
  return value;
}

}  // namespace

result<number> number::parse(std::string_view text) {
  if (surely_valid(text)) return number(trusted{}, std::string(text));
  auto d = checked(text);
  if (!d) return std::unexpected(d.error());
  return number(trusted{}, std::string(text));
}

result<number> number::from_double(double value) {
  if (!std::isfinite(value)) return std::unexpected(error::validation("", "NaN and infinity are not numbers in DynamoDB"));
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc{}) return std::unexpected(error::validation("", "cannot format double"));
  return parse(std::string_view(buffer, static_cast<std::size_t>(end - buffer)));
}

result<std::int64_t> number::to_int64() const { return to_integer<std::int64_t>(text_); }
result<std::uint64_t> number::to_uint64() const {
  if (!text_.empty() && text_[0] == '-' && !decimal_of(text_).is_zero()) {
    return fail(error_code::serialization, "number " + text_ + " is negative");
  }
  return to_integer<std::uint64_t>(text_);
}

double number::approximate() const {
  double value = 0;
  auto [end, ec] = std::from_chars(text_.data(), text_.data() + text_.size(), value);
  (void)end;
  if (ec == std::errc::result_out_of_range) {
    const auto d = decimal_of(text_);
    if (d.scientific_exponent() < 0) return d.negative ? -0.0 : 0.0;
    return d.negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  return value;
}

result<double> number::to_double() const {
  const double value = approximate();
  auto back = from_double(value);
  if (!back || *back != *this) {
    return fail(error_code::serialization, "number " + text_ + " is not exactly representable as a double");
  }
  return value;
}

std::string number::canonical() const { return detail::canonical_text(decimal_of(text_)); }

bool operator==(const number& a, const number& b) {
  return a.text_ == b.text_ || detail::compare(decimal_of(a.text_), decimal_of(b.text_)) == 0;
}

std::strong_ordering operator<=>(const number& a, const number& b) {
  const int c = detail::compare(decimal_of(a.text_), decimal_of(b.text_));
  return c < 0 ? std::strong_ordering::less : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
}

}  // namespace ddbkit

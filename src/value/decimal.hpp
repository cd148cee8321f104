#pragma once
// Internal: the parsed form of a decimal number, shared by number and item size.
#include <optional>
#include <string>
#include <string_view>

namespace ddbkit::detail {

/// value = (negative ? -1 : 1) * digits * 10^exponent, with `digits` free of leading and
/// trailing zeros; zero has empty digits.
struct decimal {
  bool negative = false;
  std::string digits;
  long exponent = 0;

  bool is_zero() const noexcept { return digits.empty(); }
  /// The exponent in scientific notation (d.ddd × 10^x).
  long scientific_exponent() const noexcept { return exponent + static_cast<long>(digits.size()) - 1; }
};

/// Parses JSON-style decimal text ("-12.5E3"); nullopt when it is not one.
std::optional<decimal> parse_decimal(std::string_view text);

/// -1, 0 or 1 comparing the numeric values.
int compare(const decimal& a, const decimal& b) noexcept;

/// Canonical text: plain notation for moderate exponents, else "d.dddE±x".
std::string canonical_text(const decimal& d);

}  // namespace ddbkit::detail

#pragma once
// DynamoDB numbers, kept as exact decimal text.
#include <ddbkit/error.hpp>

#include <compare>
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>

namespace ddbkit {

/// A DynamoDB number (type N): the exact decimal text, validated against DynamoDB's rules
/// (at most 38 significant digits; magnitude 0 or between 1E-130 and
/// 9.9999999999999999999999999999999999999E+125).
///
/// The text is kept as given, so nothing is rounded on the way through; equality and
/// ordering are numeric ("1.50" == "1.5"). Conversions to C++ arithmetic types are checked:
/// an inexact or out-of-range conversion is an error, never a silent rounding.
class number {
 public:
  /// Zero.
  number() : text_("0") {}

  /// Exact conversion from any integer.
  template <std::integral I>
    requires(!std::same_as<I, bool>)
  explicit number(I value) : text_(std::to_string(value)) {}

  /// Validates and keeps `text` (JSON-style decimal, optional exponent: "-12.5E3").
  static result<number> parse(std::string_view text);

  /// The shortest decimal text that reads back as `value`; validation error for NaN,
  /// infinities and values outside DynamoDB's range.
  static result<number> from_double(double value);

  const std::string& text() const noexcept { return text_; }

  /// Checked conversions: `serialization` error when the value has a fraction or does not
  /// fit (int64/uint64), or cannot be represented exactly (double).
  result<std::int64_t> to_int64() const;
  result<std::uint64_t> to_uint64() const;
  result<double> to_double() const;
  /// Nearest double, for callers who accept rounding (e.g. metrics).
  double approximate() const;

  /// The canonical text: no leading/trailing zeros, no '+', exponent only when shorter;
  /// equal numbers have equal canonical text.
  std::string canonical() const;

  friend bool operator==(const number& a, const number& b);
  friend std::strong_ordering operator<=>(const number& a, const number& b);

 private:
  struct trusted {};
  number(trusted, std::string text) : text_(std::move(text)) {}

  std::string text_;
};

}  // namespace ddbkit

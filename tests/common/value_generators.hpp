#pragma once
// RapidCheck generators of attribute values, shared by the layers' property tests.
#include <ddbkit/value/attribute_value.hpp>

#include <rapidcheck.h>

#include <algorithm>
#include <string>

namespace ddbkit::testing {

/// A valid DynamoDB number: up to 38 significant digits, exponent within range.
inline rc::Gen<number> gen_number() {
  return rc::gen::map(
      rc::gen::tuple(rc::gen::arbitrary<bool>(), rc::gen::container<std::string>(rc::gen::inRange('0', ':')),
                     rc::gen::inRange(-90, 90)),
      [](const std::tuple<bool, std::string, int>& t) {
        auto [negative, digits, exponent] = t;
        if (digits.empty()) digits = "0";
        if (digits.size() > 38) digits.resize(38);
        // 38 digits with exponent 89 would exceed 9.99E+125; dereferencing the failed parse
        // below was undefined behaviour (an occasional ASan SEGV in the property tests).
        exponent = std::min(exponent, 126 - static_cast<int>(digits.size()));
        std::string text = (negative ? "-" : "") + digits;
        if (exponent != 0) text += "E" + std::to_string(exponent);
        return *number::parse(text);
      });
}

/// Any valid UTF-8 string (DynamoDB strings are UTF-8): control characters, quotes,
/// backslashes, NUL and multi-byte sequences included.
inline rc::Gen<std::string> gen_text() {
  auto piece = rc::gen::oneOf(rc::gen::map(rc::gen::inRange(0, 128), [](int c) { return std::string(1, static_cast<char>(c)); }),
                              rc::gen::element<std::string>("\"", "\\", "é", "\xE1\x88\xB4", "\xF0\x9F\x98\x80"));
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(piece), [](const std::vector<std::string>& pieces) {
    std::string out;
    for (const auto& p : pieces) out += p;
    return out;
  });
}

inline rc::Gen<bytes> gen_bytes() { return rc::gen::arbitrary<bytes>(); }

/// A value of any of the ten types, nested at most `depth` levels.
inline rc::Gen<attribute_value> gen_attribute_value(int depth = 3) {
  using av = attribute_value;
  auto scalar = rc::gen::oneOf(
      rc::gen::map(gen_text(), [](std::string s) { return av(std::move(s)); }),
      rc::gen::map(gen_number(), [](number n) { return av(std::move(n)); }),
      rc::gen::map(gen_bytes(), [](bytes b) { return av(std::move(b)); }),
      rc::gen::map(rc::gen::arbitrary<bool>(), [](bool b) { return av(b); }),
      rc::gen::just(av(null_value{})),
      rc::gen::map(rc::gen::nonEmpty(rc::gen::container<av::string_set>(gen_text())), [](av::string_set s) { return av(std::move(s)); }),
      rc::gen::map(rc::gen::nonEmpty(rc::gen::container<av::number_set>(gen_number())), [](av::number_set s) { return av(std::move(s)); }),
      rc::gen::map(rc::gen::nonEmpty(rc::gen::container<av::binary_set>(gen_bytes())), [](av::binary_set s) { return av(std::move(s)); }));
  if (depth <= 0) return scalar;
  return rc::gen::oneOf(
      scalar, scalar,
      rc::gen::map(rc::gen::resize(4, rc::gen::container<av::list_type>(gen_attribute_value(depth - 1))),
                   [](av::list_type l) { return av(std::move(l)); }),
      rc::gen::map(rc::gen::resize(4, rc::gen::container<item>(rc::gen::nonEmpty(gen_text()), gen_attribute_value(depth - 1))),
                   [](item m) { return av(std::move(m)); }));
}

inline rc::Gen<item> gen_item() {
  return rc::gen::resize(8, rc::gen::container<item>(rc::gen::nonEmpty(gen_text()), gen_attribute_value(2)));
}

}  // namespace ddbkit::testing

// DynamoDB numbers: any text is a number or a validation error; a number's canonical text
// parses to an equal number with the same canonical text, and it compares equal to itself.
#include "fuzz_check.hpp"

#include <ddbkit/value/number.hpp>

using ddbkit::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = ddbkit::fuzz::as_text(data, size);
  auto n = ddbkit::number::parse(text);
  if (!n) return 0;
  check(n->text() == text, "a number does not keep its text");
  const std::string canonical = n->canonical();
  auto again = ddbkit::number::parse(canonical);
  check(again.has_value(), "a canonical number does not parse");
  check(*again == *n, "a canonical number is not equal to its source");
  check((*again <=> *n) == 0, "ordering disagrees with equality");
  check(again->canonical() == canonical, "canonical text is not stable");
  if (auto i = n->to_int64()) check(ddbkit::number(*i) == *n, "an int64 conversion is not exact");
  if (auto u = n->to_uint64()) check(ddbkit::number(*u) == *n, "a uint64 conversion is not exact");
  if (auto d = n->to_double()) {
    auto back = ddbkit::number::from_double(*d);
    check(back.has_value() && *back == *n, "a double conversion is not exact");
  }
  (void)n->approximate();
  return 0;
}

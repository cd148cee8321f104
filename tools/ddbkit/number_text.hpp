#pragma once
// Numbers as the reports and progress lines show them (g++ 12 has no <format>).
#include <cstdint>
#include <string>

namespace ddbkit::cli {

/// `value` with `decimals` digits after the point: fixed(2.345, 1) == "2.3".
std::string fixed(double value, int decimals);
/// Thousands separated, for counts people read at a glance: grouped(1234567) == "1,234,567".
std::string grouped(std::uint64_t n);

}  // namespace ddbkit::cli

#pragma once
// Compares JSON texts as values, so member order and spacing do not matter.
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <string_view>

namespace ddbkit::testing {

inline ::testing::AssertionResult same_json(std::string_view actual, std::string_view expected) {
  const auto a = boost::json::parse(actual);
  const auto e = boost::json::parse(expected);
  if (a == e) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\n  actual:   " << actual << "\n  expected: " << expected;
}

}  // namespace ddbkit::testing

#pragma once
// Assertions shared by the model tests: JSON compared as values, refusals and decoding
// failures checked by the field they name.
#include <ddbkit/error.hpp>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace ddbkit::testing {

/// Member order and spacing do not matter.
inline ::testing::AssertionResult same_json(std::string_view actual, std::string_view expected) {
  boost::system::error_code ec;
  const auto a = boost::json::parse(actual, ec);
  if (ec) return ::testing::AssertionFailure() << "not JSON: " << actual;
  const auto e = boost::json::parse(expected);
  if (a == e) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\n  actual:   " << actual << "\n  expected: " << expected;
}

/// serialize() produced `expected`.
inline ::testing::AssertionResult serializes_to(const result<std::string>& body, std::string_view expected) {
  if (!body) return ::testing::AssertionFailure() << "refused: " << body.error();
  return same_json(*body, expected);
}

/// serialize() refused the input with a validation error naming `field`.
template <class T>
::testing::AssertionResult refused_at(const result<T>& r, std::string_view field) {
  if (r) return ::testing::AssertionFailure() << "accepted, expected a refusal of " << field;
  if (r.error().code() != error_code::validation) return ::testing::AssertionFailure() << "not a validation error: " << r.error();
  if (r.error().field() != field) {
    return ::testing::AssertionFailure() << "refused " << r.error().field() << ", expected " << field << " (" << r.error() << ")";
  }
  return ::testing::AssertionSuccess();
}

/// parse_output() failed with a serialization error whose message starts with `path`.
template <class T>
::testing::AssertionResult undecodable_at(const result<T>& r, std::string_view path) {
  if (r) return ::testing::AssertionFailure() << "decoded, expected a failure at " << path;
  if (r.error().code() != error_code::serialization) return ::testing::AssertionFailure() << "not a serialization error: " << r.error();
  if (!r.error().message().starts_with(path)) {
    return ::testing::AssertionFailure() << "message '" << r.error().message() << "' does not start with " << path;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace ddbkit::testing

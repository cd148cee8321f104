#pragma once
// The DynamoDB Local that scripts/test.sh started, for integration tests.
#include <ddbkit/client.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>

namespace ddbkit::testing {

/// DDBKIT_TEST_ENDPOINT, or nullopt. Under CI=true a missing endpoint is a failure, never
/// a silent skip (STYLE.md).
inline std::optional<std::string> local_endpoint() {
  if (const char* ep = std::getenv("DDBKIT_TEST_ENDPOINT"); ep != nullptr && *ep != '\0') return ep;
  return std::nullopt;
}

inline bool running_in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

/// Options for the local server: region "local", dummy keys, the test endpoint.
inline client_options local_options(const std::string& endpoint) {
  client_options options = client_options::local();
  options.endpoint = endpoint;
  return options;
}

/// A name no other test, or earlier run against the same server, uses: for tables, and for
/// ClientRequestTokens, which DynamoDB remembers for ten minutes and DynamoDB Local for as
/// long as it runs (a token reused with other content is IdempotentParameterMismatch).
inline std::string unique_name(std::string_view prefix) {
  static std::atomic<int> counter{0};
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  return std::string(prefix) + "-" + std::to_string(stamp % 1000000007) + "-" + std::to_string(++counter);
}

}  // namespace ddbkit::testing

/// Skips the test when no DynamoDB Local is around (fails instead under CI).
#define DDBKIT_REQUIRE_LOCAL_ENDPOINT(var)                                                  \
  auto var##_opt = ::ddbkit::testing::local_endpoint();                                     \
  if (!var##_opt) {                                                                         \
    if (::ddbkit::testing::running_in_ci()) FAIL() << "DDBKIT_TEST_ENDPOINT is not set";    \
    GTEST_SKIP() << "DDBKIT_TEST_ENDPOINT is not set; run scripts/test.sh";                 \
  }                                                                                         \
  const std::string var = *var##_opt

#pragma once
// A local_table_test with the fault-injection proxy between clients and DynamoDB Local.
#include "integration/fixture.hpp"

#include <ddbkit/testkit/fault_proxy.hpp>

#include <optional>

namespace ddbkit::testing {

class proxied_table_test : public local_table_test {
 protected:
  void SetUp() override {
    local_table_test::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto started = testkit::fault_proxy::start({.upstream = *local_endpoint()});
    ASSERT_TRUE(started) << started.error();
    proxy.emplace(std::move(*started));
  }

  /// A client whose requests go through the proxy, with at most `max_attempts` requests a
  /// call and a backoff of a few milliseconds.
  client client_via_proxy(int max_attempts) {
    auto options = local_options(proxy->endpoint());
    options.retry.max_attempts = max_attempts;
    options.retry.base_delay = std::chrono::milliseconds(1);
    options.retry.max_delay = std::chrono::milliseconds(5);
    auto made = client::create(std::move(options));
    EXPECT_TRUE(made) << made.error();
    return std::move(*made);
  }

  std::optional<testkit::fault_proxy> proxy;
};

}  // namespace ddbkit::testing

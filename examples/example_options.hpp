#pragma once
// Where the examples connect: DDBKIT_TEST_ENDPOINT (set by scripts/test.sh), else the
// usual environment (client_options::auto_detect: DYNAMODB_LOCAL, AWS_REGION, ...).
#include <ddbkit/client_options.hpp>

#include <cstdlib>

inline ddbkit::result<ddbkit::client_options> example_options() {
  if (const char* endpoint = std::getenv("DDBKIT_TEST_ENDPOINT")) {
    auto options = ddbkit::client_options::local();
    options.endpoint = endpoint;
    return options;
  }
  return ddbkit::client_options::auto_detect();
}

// The error-response parser: any status and body map to an error that keeps the status,
// whatever the body holds (not JSON, wrong types, huge cancellation reason lists).
#include "fuzz_check.hpp"

#include <ddbkit/cancellation_reason.hpp>
#include <ddbkit/model/serialization.hpp>

#include <fuzzer/FuzzedDataProvider.h>

using ddbkit::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const int status = input.ConsumeIntegralInRange(100, 599);
  const std::string body = input.ConsumeRemainingBytesAsString();

  const ddbkit::error e = ddbkit::parse_error_response(status, body);
  check(e.http_status() == status, "the HTTP status was lost");
  check(!e.message().empty(), "an error without a message");
  (void)e.retryable();
  for (const auto& reason : e.cancellation_reasons()) (void)reason.ok();
  return 0;
}

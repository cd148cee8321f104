// parse_error_response never throws: when memory runs out while an error response is
// decoded, the caller still gets an error, mapped by the HTTP status. Every allocation of
// the decoding is made to fail in turn (one at a time) through a replaced operator new,
// which is armed only inside the call under test.
#include <ddbkit/model/serialization.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

namespace {

// Allocations left before the one that fails; negative: none fails. One test thread.
thread_local long allocations_before_failure = -1;
thread_local bool failed_once = false;

void* allocate(std::size_t size) {
  if (allocations_before_failure == 0) {
    allocations_before_failure = -1;
    failed_once = true;
    throw std::bad_alloc();
  }
  if (allocations_before_failure > 0) --allocations_before_failure;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
// The nothrow forms too (simdjson allocates with them), or AddressSanitizer's would pair
// with the frees below.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace ddbkit {
namespace {

TEST(error_response, running_out_of_memory_while_decoding_still_gives_an_error_by_status) {
  const std::string body = R"js({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
      "message":"Transaction cancelled [None, ConditionalCheckFailed]",
      "CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed","Item":{"pk":{"S":"a"}}}]})js";
  int failures = 0;
  for (long n = 0; n < 10000; ++n) {
    failed_once = false;
    allocations_before_failure = n;
    const error e = parse_error_response(503, body);
    allocations_before_failure = -1;
    if (!failed_once) {
      // Past the last allocation: the whole response was decoded.
      EXPECT_EQ(e.code(), error_code::transaction_canceled);
      EXPECT_EQ(e.cancellation_reasons().size(), 2u);
      break;
    }
    ++failures;
    EXPECT_EQ(e.http_status(), 503) << "allocation " << n;
    EXPECT_EQ(e.code(), error_code::service_unavailable) << "allocation " << n;
    EXPECT_NE(std::string(e.message()).find("could not be decoded"), std::string::npos) << e.message();
  }
  EXPECT_GT(failures, 3) << "the decoding allocates; each allocation was made to fail once";
}

}  // namespace
}  // namespace ddbkit

#pragma once
// Internal: what an answer means. Checks a 2xx response's x-amz-crc32 and decodes it into
// the caller's output; maps any other status to its error.
#include "client/request_path/stages.hpp"

namespace ddbkit::detail {

/// Thread safety: stateless; attempt() may be called concurrently.
class response_stage final : public attempt_stage {
 public:
  explicit response_stage(exchange_stage& next) : next_(next) {}

  /// A damaged 2xx body (CRC mismatch) is a `crc_mismatch` failure with outcome_unknown():
  /// the request was applied or not, nobody can tell, so it is repeated only when that is
  /// harmless (as a connection lost after sending).
  boost::asio::awaitable<attempt_outcome> attempt(call_state& call) override;

  /// What attempt() makes of the next stage's `answer`, for a caller that got it itself
  /// (request_path's direct path).
  static attempt_outcome interpret(call_state& call, exchange_outcome answer);

 private:
  exchange_stage& next_;
};

/// `crc_mismatch` when `response` has an x-amz-crc32 header that does not match its body
/// (or cannot be read); nothing when it matches or is absent.
std::optional<error> check_crc32(const http::response& response);

}  // namespace ddbkit::detail

#pragma once
// Record: a transport decorator that writes every DynamoDB request and its answer to a JSON
// Lines file, with credentials scrubbed, for replay_transport to answer from later.
#include <ddbkit/http/transport.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>

namespace ddbkit::testkit {

/// Sends through `next` and appends one line per exchange to the file: the operation, the
/// request (method, target, headers, body) and the response (status, headers, body exactly
/// as received) or the transport's error. The Authorization header (which holds the access
/// key id and the signature) and X-Amz-Security-Token are written as "<scrubbed>"; requests
/// that are not DynamoDB's (no X-Amz-Target DynamoDB_20120810.*: STS, IMDS…, whose answers
/// hold credentials) pass through unrecorded. Each line is flushed when written.
/// Thread safety: async_send may be called concurrently (lines never interleave).
class recording_transport final : public http::transport,
                                  public std::enable_shared_from_this<recording_transport> {
 public:
  /// Creates (truncates) `path`; a `validation` error when it cannot be written.
  static result<std::shared_ptr<recording_transport>> create(std::shared_ptr<http::transport> next,
                                                             const std::filesystem::path& path);

  void async_send(const http::endpoint& ep, http::request req, std::chrono::milliseconds timeout,
                  handler h) override;

  /// Exchanges written so far.
  std::size_t recorded() const;

  recording_transport(std::shared_ptr<http::transport> next, std::ofstream out);

 private:
  void write(const http::request& req, const result<http::response>& outcome);

  std::shared_ptr<http::transport> next_;
  mutable std::mutex mutex_;
  std::ofstream out_;
  std::size_t recorded_ = 0;
};

}  // namespace ddbkit::testkit

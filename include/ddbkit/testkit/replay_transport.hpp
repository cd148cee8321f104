#pragma once
// Replay: a transport that answers from a file that recording_transport wrote, without a
// server, so a test can run against real DynamoDB answers captured once.
#include <ddbkit/http/transport.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace ddbkit::testkit {

/// Answers each request with the recorded answer of the same operation and the same
/// canonical body: the JSON body with object members in name order and ClientRequestToken
/// left out (a new one is drawn per call); headers (dates, signatures, tokens) are not
/// compared. Equal requests get their recorded answers in the recorded order (a throttle,
/// then the retry's success). A request with no recorded answer left fails at once with a
/// `validation` error that starts with "replay:" and names the operation and body — never
/// retried, never a guess. Values a test draws at run time (a timestamp in an item) must
/// be the same in both runs (inject the clock).
/// Thread safety: async_send may be called concurrently.
class replay_transport final : public http::transport {
 public:
  /// Reads `path`; a `validation` error naming the line when it is not such a recording.
  static result<std::shared_ptr<replay_transport>> open(boost::asio::any_io_executor executor,
                                                        const std::filesystem::path& path);

  void async_send(const http::endpoint& ep, http::request req, std::chrono::milliseconds timeout,
                  handler h) override;

  /// Recorded answers not used yet (0 when a replay asked exactly what was recorded).
  std::size_t unused() const;

  using answers = std::map<std::pair<std::string, std::string>, std::deque<result<http::response>>>;
  replay_transport(boost::asio::any_io_executor executor, answers recorded);

 private:
  boost::asio::any_io_executor executor_;
  mutable std::mutex mutex_;
  answers answers_;  ///< (operation, canonical body) → answers in recorded order
};

}  // namespace ddbkit::testkit

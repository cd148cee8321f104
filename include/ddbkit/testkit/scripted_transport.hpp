#pragma once
// A transport that answers from a script instead of the network: the seam through which
// every client can be tested without a server and without mock frameworks.
#include <ddbkit/http/transport.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace ddbkit::testkit {

/// Answers requests in order from a queue of scripted outcomes and records every request.
/// When the script runs out it answers HTTP 500 with an "unscripted request" body, so a
/// test that sends more than it expected fails visibly.
/// Thread safety: all members may be called concurrently.
class scripted_transport final : public http::transport {
 public:
  explicit scripted_transport(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

  /// Queues an HTTP answer. Adds x-amzn-RequestId "req-<n>" unless `headers` has one.
  scripted_transport& respond(int status, std::string body, std::vector<http::header> headers = {});
  /// Queues a DynamoDB error answer: `{"__type":"com.amazonaws.dynamodb.v20120810#<type>","message":...}`.
  scripted_transport& respond_error(int status, std::string_view type, std::string_view message);
  /// Queues a transport failure (e.g. error_code::network or error_code::timeout) that
  /// happened before the request was written: nothing reached the server.
  scripted_transport& fail_with(error e);
  /// Queues a connection lost after the whole request was written, before any answer:
  /// a `network` error whose outcome_unknown() is set (the server may have applied it).
  scripted_transport& lose_connection_after_sending();

  void async_send(const http::endpoint& ep, http::request req, std::chrono::milliseconds timeout,
                  handler h) override;

  struct sent_request {
    http::endpoint endpoint;
    http::request request;
    std::chrono::milliseconds timeout;
  };
  /// Every request received so far, in order.
  std::vector<sent_request> requests() const;
  /// Scripted outcomes not yet used.
  std::size_t pending() const;

 private:
  boost::asio::any_io_executor executor_;
  mutable std::mutex mutex_;
  std::deque<result<http::response>> script_;
  std::vector<sent_request> sent_;
  int next_id_ = 0;
};

}  // namespace ddbkit::testkit

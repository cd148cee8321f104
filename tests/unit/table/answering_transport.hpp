#pragma once
// A transport for the table layer's tests: it answers each request with a function of the
// request (so answers fit what was asked, whatever the order), and can hold requests until
// the test lets them go, which shows how many a caller keeps in flight.
#include <ddbkit/http/transport.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

namespace ddbkit::testing {

class answering_transport : public http::transport {
 public:
  /// Answers (status, body) from the request's X-Amz-Target operation name and body.
  using answer_fn = std::function<std::pair<int, std::string>(std::string_view operation, const std::string& body)>;

  answering_transport(boost::asio::any_io_executor executor, answer_fn answer)
      : executor_(std::move(executor)), answer_(std::move(answer)) {}

  void async_send(const http::endpoint&, http::request req, std::chrono::milliseconds, handler h) override {
    std::unique_lock lock(mutex_);
    ++requests_;
    ++in_flight_;
    max_in_flight_ = std::max(max_in_flight_, in_flight_);
    held_.push_back({std::move(req), std::move(h)});
    if (holding_) return;
    lock.unlock();
    release();
  }

  /// From now on, requests wait for release().
  void hold() {
    std::lock_guard lock(mutex_);
    holding_ = true;
  }
  /// Answers every request held so far (and stops holding when `keep_holding` is false).
  void release(bool keep_holding = true) {
    std::deque<pending> out;
    {
      std::lock_guard lock(mutex_);
      out.swap(held_);
      holding_ = holding_ && keep_holding;
    }
    for (auto& p : out) {
      auto target = p.request.header_value("X-Amz-Target");
      auto operation = target.substr(target.find('.') + 1);
      auto [status, body] = answer_(operation, p.request.body);
      {
        std::lock_guard lock(mutex_);
        --in_flight_;
      }
      boost::asio::post(executor_, [h = std::move(p.h), status, body = std::move(body)]() mutable {
        std::move(h)(http::response{.status = status, .headers = {{"x-amzn-RequestId", "req"}}, .body = std::move(body)});
      });
    }
  }

  std::size_t requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::size_t held() const {
    std::lock_guard lock(mutex_);
    return held_.size();
  }
  std::size_t max_in_flight() const {
    std::lock_guard lock(mutex_);
    return max_in_flight_;
  }

 private:
  struct pending {
    http::request request;
    handler h;
  };
  boost::asio::any_io_executor executor_;
  answer_fn answer_;
  mutable std::mutex mutex_;
  std::deque<pending> held_;
  bool holding_ = false;
  std::size_t requests_ = 0;
  std::size_t in_flight_ = 0;
  std::size_t max_in_flight_ = 0;
};

}  // namespace ddbkit::testing

#include <ddbkit/testkit/recording_transport.hpp>

#include "async/complete.hpp"
#include "testkit/exchange_record.hpp"

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>

namespace ddbkit::testkit {

result<std::shared_ptr<recording_transport>> recording_transport::create(std::shared_ptr<http::transport> next,
                                                                         const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return fail(error_code::validation, "recording: cannot write " + path.string());
  return std::make_shared<recording_transport>(std::move(next), std::move(out));
}

recording_transport::recording_transport(std::shared_ptr<http::transport> next, std::ofstream out)
    : next_(std::move(next)), out_(std::move(out)) {}

void recording_transport::async_send(const http::endpoint& ep, http::request req, std::chrono::milliseconds timeout,
                                     handler h) {
  if (detail::dynamodb_operation(req).empty()) {
    next_->async_send(ep, std::move(req), timeout, std::move(h));
    return;
  }
  // The caller's cancellation slot goes with the request to next_; the answer is recorded
  // on next_'s thread, then delivered on the caller's executor, as next_ would have.
  auto slot = boost::asio::get_associated_cancellation_slot(h);
  auto sent = req;
  next_->async_send(ep, std::move(req), timeout,
                    boost::asio::bind_cancellation_slot(
                        slot, [self = shared_from_this(), sent = std::move(sent),
                               h = std::move(h)](result<http::response> outcome) mutable {
                          self->write(sent, outcome);
                          ddbkit::detail::complete_now(std::move(h), std::move(outcome));
                        }));
}

void recording_transport::write(const http::request& req, const result<http::response>& outcome) {
  const auto line = detail::exchange_line(detail::dynamodb_operation(req), req, outcome);
  std::lock_guard lock(mutex_);
  out_ << line << '\n';
  out_.flush();
  ++recorded_;
}

std::size_t recording_transport::recorded() const {
  std::lock_guard lock(mutex_);
  return recorded_;
}

}  // namespace ddbkit::testkit

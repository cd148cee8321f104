#include <ddbkit/testkit/scripted_transport.hpp>

#include "async/complete.hpp"
#include "error_builder.hpp"


namespace ddbkit::testkit {

scripted_transport& scripted_transport::respond(int status, std::string body, std::vector<http::header> headers) {
  std::lock_guard lock(mutex_);
  http::response r{.status = status, .headers = std::move(headers), .body = std::move(body)};
  if (r.header_value("x-amzn-RequestId").empty()) {
    r.headers.push_back({"x-amzn-RequestId", "req-" + std::to_string(++next_id_)});
  }
  script_.emplace_back(std::move(r));
  return *this;
}

scripted_transport& scripted_transport::respond_error(int status, std::string_view type, std::string_view message) {
  std::string body = R"({"__type":"com.amazonaws.dynamodb.v20120810#)";
  body.append(type).append(R"(","message":")").append(message).append("\"}");
  return respond(status, std::move(body));
}

scripted_transport& scripted_transport::fail_with(error e) {
  std::lock_guard lock(mutex_);
  script_.emplace_back(std::unexpected(std::move(e)));
  return *this;
}

void scripted_transport::async_send(const http::endpoint& ep, http::request req,
                                    std::chrono::milliseconds timeout, handler h) {
  result<http::response> outcome = http::response{.status = 500, .headers = {}, .body = "unscripted request"};
  {
    std::lock_guard lock(mutex_);
    sent_.push_back({ep, std::move(req), timeout});
    if (!script_.empty()) {
      outcome = std::move(script_.front());
      script_.pop_front();
    }
  }
  // As a real transport does: never inline; through our executor to the handler's.
  ddbkit::detail::complete_later(executor_, std::move(h), std::move(outcome));
}

scripted_transport& scripted_transport::lose_connection_after_sending() {
  error lost(error_code::network, "reading the response failed: Connection reset by peer");
  ddbkit::detail::error_builder(lost).outcome_unknown();
  return fail_with(std::move(lost));
}

std::vector<scripted_transport::sent_request> scripted_transport::requests() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

std::size_t scripted_transport::pending() const {
  std::lock_guard lock(mutex_);
  return script_.size();
}

}  // namespace ddbkit::testkit

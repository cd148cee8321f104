#include "work_floor.hpp"

#include <ddbkit/model/serialization.hpp>

#include "client/request_path/response_stage.hpp"
#include "client/request_path/signed_request.hpp"
#include "http/blocking_connection.hpp"
#include "http/connection.hpp"
#include "raw_socket.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace ddbkit::bench {
namespace {

constexpr std::chrono::milliseconds exchange_timeout{10'000};

}  // namespace

request_work::request_work(const http::endpoint& ep) : host_header_(ep.host_header()), credentials_(local_credentials()) {}

std::string request_work::wire(std::string_view operation, const std::string& body) {
  const sigv4::signing_scope scope{.region = "local", .service = "dynamodb", .time = std::chrono::system_clock::now()};
  auto wire = ddbkit::detail::signed_wire({.host_header = host_header_, .operation = operation, .body = body},
                                          credentials_, scope, keys_);
  if (!wire) die("work floor: the request could not be signed in one pass");
  return std::move(*wire);
}

std::optional<std::string> request_work::accepted(http::detail::exchange_result& exchanged) {
  // What the response stage checks before it decodes: a 200 whose x-amz-crc32 matches.
  if (!exchanged.outcome || !exchanged.reusable || exchanged.outcome->status != 200 ||
      ddbkit::detail::check_crc32(*exchanged.outcome)) {
    return std::nullopt;
  }
  return std::move(exchanged.outcome->body);
}

bool request_work::put_answered(const std::optional<std::string>& body) {
  return body && parse_output<put_item_output>(*body).has_value();
}

bool request_work::get_answered(const std::optional<std::string>& body) {
  if (!body) return false;
  auto out = parse_output<get_item_output>(*body);
  return out && out->item;
}

// ---- blocking ----------------------------------------------------------------------------

work_floor::work_floor(const http::endpoint& ep)
    : work_(ep), connection_(std::make_unique<http::detail::blocking_connection>(ep)) {
  if (!connection_->connect(exchange_timeout)) die("work floor: connect failed");
}

work_floor::~work_floor() = default;

std::optional<std::string> work_floor::exchange(std::string_view operation, const std::string& body) {
  auto exchanged = connection_->exchange(work_.wire(operation, body), false, exchange_timeout);
  return request_work::accepted(exchanged);
}

bool work_floor::put(const put_item_input& in) {
  auto body = serialize(in);
  return body && request_work::put_answered(exchange("PutItem", *body));
}

bool work_floor::get(const get_item_input& in) {
  auto body = serialize(in);
  return body && request_work::get_answered(exchange("GetItem", *body));
}

// ---- async -------------------------------------------------------------------------------

async_work_floor::async_work_floor(boost::asio::io_context& io, const http::endpoint& ep)
    : work_(ep), connection_(std::make_shared<http::detail::connection>(io.get_executor(), ep)) {
  bool connected = false;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        auto done = co_await connection_->connect(nullptr, exchange_timeout, false);
        connected = done.has_value();
      },
      boost::asio::detached);
  io.run();
  io.restart();
  if (!connected) die("async work floor: connect failed");
  connection_->stop_timer();
}

async_work_floor::~async_work_floor() = default;

boost::asio::awaitable<http::detail::exchange_result> async_work_floor::exchange(const std::string& wire) {
  // Not a coroutine: the request's coroutine (put or get) awaits the operation itself and
  // keeps `wire` alive meanwhile, with one coroutine frame a request as the Asio floor has.
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(http::detail::exchange_result)>(
      [this, &wire](auto handler) {
        in_flight_ = true;
        connection_->async_exchange_plain(
            wire, false, exchange_timeout, [this, h = std::move(handler)](http::detail::exchange_result r) mutable {
              in_flight_ = false;
              std::move(h)(std::move(r));  // the caller's next request, if any, starts in here
              // What the HTTP client does once a request has its answer: the timer of a
              // connection left idle must not keep the context running; one in use keeps it
              // armed (no system call a request).
              if (!in_flight_) connection_->stop_timer();
            });
      },
      boost::asio::use_awaitable);
}

boost::asio::awaitable<bool> async_work_floor::request(result<std::string> body, std::string_view operation,
                                                      answer_check answered) {
  if (!body) co_return false;
  const auto wire = work_.wire(operation, *body);
  auto exchanged = co_await exchange(wire);
  co_return answered(request_work::accepted(exchanged));
}

boost::asio::awaitable<bool> async_work_floor::put(const put_item_input& in) {
  return request(serialize(in), "PutItem", &request_work::put_answered);
}

boost::asio::awaitable<bool> async_work_floor::get(const get_item_input& in) {
  return request(serialize(in), "GetItem", &request_work::get_answered);
}

}  // namespace ddbkit::bench

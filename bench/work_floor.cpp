#include "work_floor.hpp"

#include <ddbkit/model/serialization.hpp>

#include "client/request_path/response_stage.hpp"
#include "client/request_path/signed_request.hpp"
#include "http/blocking_connection.hpp"
#include "raw_socket.hpp"

namespace ddbkit::bench {
namespace {

constexpr std::chrono::milliseconds exchange_timeout{10'000};

}  // namespace

work_floor::work_floor(const http::endpoint& ep)
    : host_header_(ep.host_header()),
      credentials_(local_credentials()),
      connection_(std::make_unique<http::detail::blocking_connection>(ep)) {
  if (!connection_->connect(exchange_timeout)) die("work floor: connect failed");
}

work_floor::~work_floor() = default;

std::optional<std::string> work_floor::exchange(std::string_view operation, const std::string& body) {
  const sigv4::signing_scope scope{.region = "local", .service = "dynamodb", .time = std::chrono::system_clock::now()};
  auto wire = ddbkit::detail::signed_wire({.host_header = host_header_, .operation = operation, .body = body},
                                          credentials_, scope, keys_);
  if (!wire) die("work floor: the request could not be signed in one pass");
  auto exchanged = connection_->exchange(*wire, false, exchange_timeout);
  // What the response stage checks before it decodes: a 200 whose x-amz-crc32 matches.
  if (!exchanged.outcome || !exchanged.reusable || exchanged.outcome->status != 200 ||
      ddbkit::detail::check_crc32(*exchanged.outcome)) {
    return std::nullopt;
  }
  return std::move(exchanged.outcome->body);
}

bool work_floor::put(const put_item_input& in) {
  auto body = serialize(in);
  if (!body) return false;
  auto answer = exchange("PutItem", *body);
  return answer && parse_output<put_item_output>(*answer).has_value();
}

bool work_floor::get(const get_item_input& in) {
  auto body = serialize(in);
  if (!body) return false;
  auto answer = exchange("GetItem", *body);
  if (!answer) return false;
  auto out = parse_output<get_item_output>(*answer);
  return out && out->item;
}

}  // namespace ddbkit::bench

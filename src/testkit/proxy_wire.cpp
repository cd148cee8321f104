#include "testkit/proxy_wire.hpp"

#include "http/crc32.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/json/parse.hpp>

#include <array>

namespace ddbkit::testkit::detail {
namespace beast = boost::beast;

bool is_hop_by_hop(std::string_view name) noexcept {
  static constexpr std::array<std::string_view, 11> names{
      "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te",
      "trailer",    "transfer-encoding", "upgrade", "host", "content-length"};
  for (auto n : names) {
    if (beast::iequals(n, name)) return true;
  }
  return false;
}

std::string operation_of(std::string_view target) {
  const auto dot = target.rfind('.');
  return std::string(dot == std::string_view::npos ? target : target.substr(dot + 1));
}

std::vector<std::string> tables_of(std::string_view body) {
  std::vector<std::string> tables;
  boost::json::error_code ec;
  auto parsed = boost::json::parse(body, ec);
  const auto* object = ec ? nullptr : parsed.if_object();
  if (object == nullptr) return tables;
  if (const auto* name = object->if_contains("TableName"); name != nullptr && name->is_string()) {
    tables.emplace_back(name->get_string());
  }
  if (const auto* items = object->if_contains("RequestItems"); items != nullptr && items->is_object()) {
    for (const auto& entry : items->get_object()) tables.emplace_back(entry.key());
  }
  return tables;
}

void set_crc32(http::response& r) {
  std::erase_if(r.headers, [](const http::header& h) { return beast::iequals(h.name, "x-amz-crc32"); });
  r.headers.push_back({"x-amz-crc32", std::to_string(http::detail::crc32_of(r.body))});
}

http::response json_answer(int status, std::string body, std::string request_id) {
  http::response r{.status = status,
                   .headers = {{"Content-Type", "application/x-amz-json-1.0"}, {"x-amzn-RequestId", std::move(request_id)}},
                   .body = std::move(body)};
  set_crc32(r);
  return r;
}

http::response error_answer(int status, std::string_view type, std::string_view message, std::string request_id) {
  std::string body = R"({"__type":"com.amazonaws.dynamodb.v20120810#)";
  body.append(type).append(R"(","message":")").append(message).append("\"}");
  return json_answer(status, std::move(body), std::move(request_id));
}

http::response injected_error(fault_kind kind, std::string request_id) {
  switch (kind) {
    case fault_kind::throttle:
      return error_answer(400, "ProvisionedThroughputExceededException",
                          "The level of configured provisioned throughput for the table was exceeded "
                          "(injected by the ddbkit fault proxy)",
                          std::move(request_id));
    case fault_kind::throttling:
      return error_answer(400, "ThrottlingException",
                          "Rate of requests exceeds the allowed throughput (injected by the ddbkit fault proxy)",
                          std::move(request_id));
    case fault_kind::service_unavailable:
      return error_answer(503, "ServiceUnavailable", "Service unavailable (injected by the ddbkit fault proxy)",
                          std::move(request_id));
    default:
      return error_answer(500, "InternalServerError", "Internal server error (injected by the ddbkit fault proxy)",
                          std::move(request_id));
  }
}

bool answers_instead_of_forwarding(fault_kind kind) noexcept {
  return kind == fault_kind::throttle || kind == fault_kind::throttling || kind == fault_kind::internal_error ||
         kind == fault_kind::service_unavailable;
}

}  // namespace ddbkit::testkit::detail

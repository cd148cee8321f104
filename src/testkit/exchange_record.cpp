#include "testkit/exchange_record.hpp"

#include "error_builder.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>

namespace ddbkit::testkit::detail {
namespace {

namespace json = boost::json;

constexpr std::string_view target_prefix = "DynamoDB_20120810.";
constexpr std::string_view scrubbed = "<scrubbed>";

bool is_secret_header(std::string_view name) {
  auto equals = [name](std::string_view other) {
    return std::ranges::equal(name, other, [](char a, char b) { return std::tolower(a) == std::tolower(b); });
  };
  return equals("authorization") || equals("x-amz-security-token");
}

json::array headers_json(const std::vector<http::header>& headers) {
  json::array out;
  for (const auto& h : headers) {
    out.push_back(json::array{json::string(h.name), json::string(is_secret_header(h.name) ? scrubbed : h.value)});
  }
  return out;
}

/// A copy of `v` whose objects list their members in name order.
json::value sorted(const json::value& v) {
  if (const auto* o = v.if_object()) {
    std::vector<const json::key_value_pair*> members;
    for (const auto& m : *o) members.push_back(&m);
    std::ranges::sort(members, {}, [](const json::key_value_pair* m) { return m->key(); });
    json::object out;
    for (const auto* m : members) out.emplace(m->key(), sorted(m->value()));
    return out;
  }
  if (const auto* a = v.if_array()) {
    json::array out;
    for (const auto& e : *a) out.push_back(sorted(e));
    return out;
  }
  return v;
}

std::optional<error_code> code_named(std::string_view name) {
  for (int c = 0; c <= static_cast<int>(error_code::unknown); ++c) {
    if (to_string(static_cast<error_code>(c)) == name) return static_cast<error_code>(c);
  }
  return std::nullopt;
}

result<std::vector<http::header>> headers_from(const json::value* v) {
  std::vector<http::header> out;
  if (v == nullptr || !v->is_array()) return fail(error_code::validation, "headers: not an array");
  for (const auto& h : v->get_array()) {
    const auto* pair = h.if_array();
    if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string()) {
      return fail(error_code::validation, "headers: each must be [name, value]");
    }
    out.push_back({std::string((*pair)[0].get_string()), std::string((*pair)[1].get_string())});
  }
  return out;
}

const json::string* string_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v == nullptr ? nullptr : v->if_string();
}

}  // namespace

std::string_view dynamodb_operation(const http::request& req) {
  const auto target = req.header_value("X-Amz-Target");
  if (!target.starts_with(target_prefix)) return {};
  return target.substr(target_prefix.size());
}

std::string canonical_body(std::string_view body) {
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  if (ec) return std::string(body);
  if (auto* o = v.if_object()) o->erase("ClientRequestToken");
  return json::serialize(sorted(v));
}

std::string exchange_line(std::string_view operation, const http::request& req, const result<http::response>& outcome) {
  json::object line;
  line["operation"] = operation;
  line["request"] = json::object{{"method", req.method},
                                 {"target", req.target},
                                 {"headers", headers_json(req.headers)},
                                 {"body", req.body}};
  if (outcome) {
    line["response"] =
        json::object{{"status", outcome->status}, {"headers", headers_json(outcome->headers)}, {"body", outcome->body}};
  } else {
    line["error"] = json::object{{"code", to_string(outcome.error().code())},
                                 {"message", outcome.error().message()},
                                 {"outcome_unknown", outcome.error().outcome_unknown()}};
  }
  return json::serialize(line);
}

result<recorded_exchange> parse_exchange_line(std::string_view text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return fail(error_code::validation, "not a JSON object");
  const auto& line = v.get_object();
  const auto* operation = string_at(line, "operation");
  const auto* request = line.if_contains("request");
  if (operation == nullptr || request == nullptr || !request->is_object()) {
    return fail(error_code::validation, "no operation or request");
  }
  const auto* body = string_at(request->get_object(), "body");
  if (body == nullptr) return fail(error_code::validation, "request: no body");
  recorded_exchange out{.operation = std::string(*operation), .canonical_request = canonical_body(*body)};
  if (const auto* response = line.if_contains("response"); response != nullptr && response->is_object()) {
    const auto& r = response->get_object();
    const auto* status = r.if_contains("status");
    const auto* response_body = string_at(r, "body");
    auto headers = headers_from(r.if_contains("headers"));
    if (status == nullptr || !status->is_int64() || response_body == nullptr) {
      return fail(error_code::validation, "response: no status or body");
    }
    if (!headers) return std::unexpected(headers.error());
    out.outcome = http::response{.status = static_cast<int>(status->get_int64()),
                                 .headers = std::move(*headers),
                                 .body = std::string(*response_body)};
    return out;
  }
  const auto* failure = line.if_contains("error");
  if (failure == nullptr || !failure->is_object()) return fail(error_code::validation, "neither response nor error");
  const auto* code = string_at(failure->get_object(), "code");
  const auto* message = string_at(failure->get_object(), "message");
  const auto named = code == nullptr ? std::nullopt : code_named(*code);
  if (!named || message == nullptr) return fail(error_code::validation, "error: no known code or message");
  error e(*named, std::string(*message));
  const auto* unknown = failure->get_object().if_contains("outcome_unknown");
  ddbkit::detail::error_builder(e).outcome_unknown(unknown != nullptr && unknown->is_bool() && unknown->get_bool());
  out.outcome = std::unexpected(std::move(e));
  return out;
}

}  // namespace ddbkit::testkit::detail

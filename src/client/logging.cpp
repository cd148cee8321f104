#include <ddbkit/logging.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <sstream>

namespace ddbkit {

namespace json = boost::json;

std::string_view to_string(log_level level) noexcept {
  switch (level) {
    case log_level::trace: return "trace";
    case log_level::debug: return "debug";
    case log_level::info: return "info";
    case log_level::warn: return "warn";
    case log_level::error: return "error";
    case log_level::off: return "off";
  }
  return "off";
}

namespace {

constexpr std::string_view redacted = "<redacted>";

/// The type of an AttributeValue object ({"S": …}: one member named by a type), else "".
std::string_view attribute_type(const json::object& o) {
  static constexpr std::array<std::string_view, 10> types{"S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS"};
  if (o.size() != 1) return {};
  const std::string_view key = o.begin()->key();
  return std::ranges::find(types, key) != types.end() ? key : std::string_view();
}

void redact(json::value& v) {
  if (auto* a = v.if_array()) {
    for (auto& e : *a) redact(e);
    return;
  }
  auto* o = v.if_object();
  if (o == nullptr) return;
  const auto type = attribute_type(*o);
  if (type == "L" || type == "M") {
    redact(o->begin()->value());  // the members are attribute values themselves
  } else if (!type.empty() && type != "NULL") {
    o->begin()->value() = redacted;
  } else {
    for (auto& member : *o) redact(member.value());
  }
}

std::string where(const call_info& call) {
  std::string out(call.operation);
  if (!call.table.empty()) out.append(" ").append(call.table);
  if (!call.index.empty()) out.append("/").append(call.index);
  return out;
}

double milliseconds(std::chrono::nanoseconds d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

std::string redact_attribute_values(std::string_view text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec) return "<" + std::to_string(text.size()) + " bytes, not JSON>";
  redact(v);
  return json::serialize(v);
}

logging_observer::logging_observer(log_options options) : options_(std::move(options)) {}

void logging_observer::on_attempt(const call_info& call, const attempt_info& attempt) {
  if (enabled(log_level::trace)) {
    auto body = [&](std::string_view b) { return options_.redact_values ? redact_attribute_values(b) : std::string(b); };
    std::ostringstream request;
    request << where(call) << " attempt " << attempt.attempt << " request: " << body(attempt.request_body);
    options_.sink(log_level::trace, request.str());
    std::ostringstream response;
    response << where(call) << " attempt " << attempt.attempt << " response (HTTP " << attempt.http_status
             << "): " << (attempt.response_body.empty() ? std::string("none") : body(attempt.response_body));
    options_.sink(log_level::trace, response.str());
  }
  if (attempt.error && attempt.retry_delay && enabled(log_level::warn)) {
    std::ostringstream line;
    line << where(call) << " attempt " << attempt.attempt << " failed: " << *attempt.error << "; retrying in "
         << attempt.retry_delay->count() << " ms";
    options_.sink(log_level::warn, line.str());
  }
}

void logging_observer::on_call_end(const call_info& call, const call_result& result) {
  const auto level = result.error ? log_level::error : log_level::debug;
  if (!enabled(level)) return;
  std::ostringstream line;
  line << where(call) << (result.error ? " failed" : " ok") << " after " << result.attempts << " attempt(s) in "
       << std::fixed << std::setprecision(1) << milliseconds(result.latency) << " ms";
  if (result.error) line << ": " << *result.error;
  for (const auto& left : result.unprocessed) line << "; " << left.count << " unprocessed in " << left.table;
  options_.sink(level, line.str());
}

void logging_observer::on_circuit_state(std::string_view endpoint, circuit_state state) {
  const auto level = state == circuit_state::open ? log_level::warn : log_level::info;
  if (!enabled(level)) return;
  std::ostringstream line;
  line << "circuit breaker of " << endpoint << " is " << to_string(state);
  options_.sink(level, line.str());
}

void logging_observer::on_connection(std::string_view endpoint, http::connection_event event) {
  // Opening and closing are worth a line at debug; reuse and release happen per request.
  const bool routine = event == http::connection_event::reused || event == http::connection_event::released;
  const auto level = routine ? log_level::trace : log_level::debug;
  if (!enabled(level)) return;
  std::ostringstream line;
  line << "connection to " << endpoint << " " << to_string(event);
  options_.sink(level, line.str());
}

}  // namespace ddbkit

// Maps DynamoDB's error responses to ddbkit::error.
#include <ddbkit/cancellation_reason.hpp>
#include <ddbkit/model/serialization.hpp>

#include "model/json_reader.hpp"
#include "value/json_codec.hpp"
#include "error_builder.hpp"

#include <array>
#include <utility>

namespace ddbkit {

using namespace detail;

namespace {

constexpr std::array<std::pair<std::string_view, error_code>, 33> type_codes{{
    {"ConditionalCheckFailedException", error_code::conditional_check_failed},
    {"DuplicateItemException", error_code::duplicate_item},
    {"DuplicateItem", error_code::duplicate_item},  // DynamoDB Local's spelling
    {"TransactionCanceledException", error_code::transaction_canceled},
    {"TransactionConflictException", error_code::transaction_conflict},
    {"TransactionInProgressException", error_code::transaction_in_progress},
    {"IdempotentParameterMismatchException", error_code::idempotent_parameter_mismatch},
    {"ProvisionedThroughputExceededException", error_code::throttled},
    {"ThrottlingException", error_code::throttled},
    {"Throttling", error_code::throttled},
    {"RequestLimitExceeded", error_code::request_limit_exceeded},
    {"LimitExceededException", error_code::limit_exceeded},
    {"ResourceNotFoundException", error_code::resource_not_found},
    {"TableNotFoundException", error_code::resource_not_found},
    {"ResourceInUseException", error_code::resource_in_use},
    {"TableInUseException", error_code::resource_in_use},
    {"AccessDeniedException", error_code::access_denied},
    {"MissingAuthenticationTokenException", error_code::access_denied},
    {"MissingAuthenticationToken", error_code::access_denied},
    {"UnrecognizedClientException", error_code::unrecognized_client},
    {"InvalidSignatureException", error_code::unrecognized_client},
    {"IncompleteSignatureException", error_code::unrecognized_client},
    {"IncompleteSignature", error_code::unrecognized_client},
    {"ExpiredTokenException", error_code::unrecognized_client},
    {"InvalidClientTokenId", error_code::unrecognized_client},
    {"ItemCollectionSizeLimitExceededException", error_code::item_collection_size_limit},
    {"ValidationException", error_code::validation},
    {"SerializationException", error_code::validation},
    {"InternalServerError", error_code::internal_server_error},
    {"InternalServerErrorException", error_code::internal_server_error},
    {"InternalFailure", error_code::internal_server_error},
    {"ServiceUnavailable", error_code::service_unavailable},
    {"ServiceUnavailableException", error_code::service_unavailable},
}};

constexpr std::size_t max_excerpt = 200;

error_code code_for_status(int status) {
  if (status == 503) return error_code::service_unavailable;
  if (status >= 500 && status <= 599) return error_code::internal_server_error;
  return error_code::unknown;
}

error_code code_for(std::string_view type, int status) {
  for (const auto& [name, code] : type_codes) {
    if (name == type) return code;
  }
  return code_for_status(status);
}

/// At most 200 bytes of `body`, cut on a UTF-8 boundary, with control characters blanked,
/// so that a proxy's HTML page cannot flood or garble a log line.
std::string excerpt_of(std::string_view body) {
  std::size_t size = std::min(body.size(), max_excerpt);
  if (size < body.size()) {
    while (size > 0 && (static_cast<unsigned char>(body[size]) & 0xC0) == 0x80) --size;
  }
  std::string out(body.substr(0, size));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  if (size < body.size()) out += "...";
  return out;
}

error not_json(int status, std::string_view body, std::string_view why) {
  error e(code_for_status(status), "HTTP " + std::to_string(status) + " response body " + std::string(why) +
                                       (body.empty() ? std::string(" (empty body)") : ": " + excerpt_of(body)));
  detail::error_builder(e).aws_type("").http_status(status);
  return e;
}

std::string string_member(simdjson::dom::object o, std::string_view key) {
  std::string_view text;
  if (o.at_key(key).get_string().get(text) != simdjson::SUCCESS) return {};
  return std::string(text);
}

/// An "Item" member decoded, or nothing when absent or undecodable: a damaged detail must
/// not hide the error it belongs to.
std::optional<item> item_member(simdjson::dom::object o, std::string_view field) {
  json_value v;
  if (o.at_key("Item").get(v) != simdjson::SUCCESS || v.is_null()) return std::nullopt;
  auto decoded = read_item(v, field);
  if (!decoded) return std::nullopt;
  return std::move(*decoded);
}

/// One reason per element, so that reasons stay aligned with the actions even when one
/// element is damaged ("Unknown" then, which is neither fine nor retryable).
std::vector<cancellation_reason> reasons_from(simdjson::dom::array array) {
  std::vector<cancellation_reason> reasons;
  reasons.reserve(array.size());
  std::size_t i = 0;
  for (const json_value element : array) {
    cancellation_reason reason;
    if (simdjson::dom::object o; element.get_object().get(o) == simdjson::SUCCESS) {
      reason.code = string_member(o, "Code");
      reason.message = string_member(o, "Message");
      reason.item = item_member(o, "CancellationReasons[" + std::to_string(i) + "].Item");
    }
    ++i;
    if (reason.code.empty()) reason.code = "Unknown";
    reasons.push_back(std::move(reason));
  }
  return reasons;
}

/// Some DynamoDB versions (DynamoDB Local among them) list the reasons only in the message:
/// "Transaction cancelled, please refer cancellation reasons for specific reasons
/// [None, ConditionalCheckFailed]". The list is in action order.
std::vector<cancellation_reason> reasons_from_message(std::string_view message) {
  const auto open = message.rfind('[');
  const auto close = message.rfind(']');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return {};
  std::vector<cancellation_reason> reasons;
  std::string_view list = message.substr(open + 1, close - open - 1);
  while (!list.empty()) {
    const auto comma = list.find(',');
    std::string_view code = list.substr(0, comma);
    while (!code.empty() && code.front() == ' ') code.remove_prefix(1);
    while (!code.empty() && code.back() == ' ') code.remove_suffix(1);
    reasons.push_back({.code = code.empty() ? "Unknown" : std::string(code), .message = {}, .item = std::nullopt});
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return reasons;
}

error map_error_response(int status, std::string_view body) {
  const parsed_json parsed(body);
  if (!parsed.ok()) return not_json(status, body, "is not JSON");
  simdjson::dom::object object;
  if (parsed.root().get_object().get(object) != simdjson::SUCCESS) {
    return not_json(status, body, "is not a JSON object");
  }

  std::string type = string_member(object, "__type");
  if (const auto hash = type.rfind('#'); hash != std::string::npos) type.erase(0, hash + 1);
  std::string message = string_member(object, "message");
  if (message.empty()) message = string_member(object, "Message");

  const error_code code = code_for(type, status);
  std::string text = message;
  if (text.empty()) text = type.empty() ? "HTTP " + std::to_string(status) + " without an error type" : type;
  error e(code, std::move(text));
  detail::error_builder(e).aws_type(type).http_status(status);

  if (auto old = item_member(object, "Item")) detail::error_builder(e).old_item(std::move(*old));
  if (code == error_code::transaction_canceled) {
    simdjson::dom::array list;
    auto reasons = object.at_key("CancellationReasons").get_array().get(list) == simdjson::SUCCESS
                       ? reasons_from(list)
                       : reasons_from_message(message);
    if (!reasons.empty()) detail::error_builder(e).cancellation_reasons(std::move(reasons));
  }
  return e;
}

}  // namespace

error parse_error_response(int http_status, std::string_view body) {
  try {
    return map_error_response(http_status, body);
  } catch (const std::exception& ex) {
    // Exhausted memory or a decoder bug: still an error for the caller, never a throw.
    error e(code_for_status(http_status), std::string("error response could not be decoded: ") + ex.what());
    detail::error_builder(e).http_status(http_status);
    return e;
  }
}

}  // namespace ddbkit

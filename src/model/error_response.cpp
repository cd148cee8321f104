// Maps DynamoDB's error responses to ddbkit::error.
#include <ddbkit/cancellation_reason.hpp>
#include <ddbkit/model/serialization.hpp>

#include "model/json_reader.hpp"

#include <array>
#include <utility>

namespace ddbkit {

using namespace detail;

namespace {

constexpr std::array<std::pair<std::string_view, error_code>, 24> type_codes{{
    {"ConditionalCheckFailedException", error_code::conditional_check_failed},
    {"TransactionCanceledException", error_code::transaction_canceled},
    {"TransactionConflictException", error_code::transaction_conflict},
    {"TransactionInProgressException", error_code::transaction_in_progress},
    {"IdempotentParameterMismatchException", error_code::idempotent_parameter_mismatch},
    {"ProvisionedThroughputExceededException", error_code::throttled},
    {"ThrottlingException", error_code::throttled},
    {"RequestLimitExceeded", error_code::request_limit_exceeded},
    {"LimitExceededException", error_code::limit_exceeded},
    {"ResourceNotFoundException", error_code::resource_not_found},
    {"ResourceInUseException", error_code::resource_in_use},
    {"AccessDeniedException", error_code::access_denied},
    {"MissingAuthenticationTokenException", error_code::access_denied},
    {"MissingAuthenticationToken", error_code::access_denied},
    {"UnrecognizedClientException", error_code::unrecognized_client},
    {"InvalidSignatureException", error_code::unrecognized_client},
    {"IncompleteSignatureException", error_code::unrecognized_client},
    {"ExpiredTokenException", error_code::unrecognized_client},
    {"ItemCollectionSizeLimitExceededException", error_code::item_collection_size_limit},
    {"ValidationException", error_code::validation},
    {"SerializationException", error_code::validation},
    {"InternalServerError", error_code::internal_server_error},
    {"ServiceUnavailable", error_code::service_unavailable},
    {"ServiceUnavailableException", error_code::service_unavailable},
}};

error_code code_for_status(int status) {
  if (status == 503) return error_code::service_unavailable;
  if (status >= 500) return error_code::internal_server_error;
  return error_code::unknown;
}

error_code code_for(std::string_view type, int status) {
  for (const auto& [name, code] : type_codes) {
    if (name == type) return code;
  }
  return code_for_status(status);
}

}  // namespace

error parse_error_response(int http_status, std::string_view body) {
  auto parsed = parse_body(body);
  if (!parsed || !parsed->is_object()) {
    std::string excerpt(body.substr(0, 200));
    error e(code_for_status(http_status),
            "HTTP " + std::to_string(http_status) + " with a body that is not a DynamoDB error" +
                (excerpt.empty() ? std::string(" (empty)") : ": " + excerpt));
    e.with_http_status(http_status);
    return e;
  }
  json_reader r(*parsed, "");
  std::string type, message;
  r.read("__type", type);
  r.read("message", message);
  if (message.empty()) r.read("Message", message);
  if (const auto hash = type.rfind('#'); hash != std::string::npos) type.erase(0, hash + 1);

  error e(code_for(type, http_status), message.empty() ? type : message);
  e.with_aws_type(type).with_http_status(http_status);

  std::optional<item> old_item;
  r.read("Item", old_item);
  if (old_item) e.with_old_item(std::move(*old_item));

  std::vector<cancellation_reason> reasons;
  r.read_objects("CancellationReasons", reasons, [](json_reader& c, cancellation_reason& reason) {
    c.read("Code", reason.code);
    c.read("Message", reason.message);
    c.read("Item", reason.item);
  });
  if (!reasons.empty()) e.with_cancellation_reasons(std::move(reasons));
  // A malformed detail (say, an undecodable Item) must not hide the error itself.
  return e;
}

}  // namespace ddbkit

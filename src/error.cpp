#include <ddbkit/cancellation_reason.hpp>
#include <ddbkit/error.hpp>

#include <algorithm>
#include <ostream>

namespace ddbkit {

struct error::details {
  std::string message;
  std::string aws_type;
  std::string request_id;
  std::string field;
  int http_status = 0;
  int attempts = 0;
  bool outcome_unknown = false;
  std::vector<cancellation_reason> reasons;
  std::optional<item> old_item;
};

error::error(error_code code, std::string message)
    : code_(code), details_(std::make_shared<details>()) {
  const_cast<details&>(*details_).message = std::move(message);
}

error::details& error::mutable_details() {
  // Copy on write: copies of an error share one block until one of them is changed.
  if (details_.use_count() > 1) details_ = std::make_shared<details>(*details_);
  return const_cast<details&>(*details_);
}

std::string_view error::message() const noexcept { return details_->message; }
std::string_view error::aws_type() const noexcept { return details_->aws_type; }
int error::http_status() const noexcept { return details_->http_status; }
std::string_view error::request_id() const noexcept { return details_->request_id; }
int error::attempts() const noexcept { return details_->attempts; }
std::string_view error::field() const noexcept { return details_->field; }
bool error::outcome_unknown() const noexcept { return details_->outcome_unknown; }
std::span<const cancellation_reason> error::cancellation_reasons() const noexcept {
  return details_->reasons;
}
const item* error::old_item() const noexcept {
  return details_->old_item ? &*details_->old_item : nullptr;
}

error& error::with_message(std::string message) { mutable_details().message = std::move(message); return *this; }
error& error::with_aws_type(std::string type) { mutable_details().aws_type = std::move(type); return *this; }
error& error::with_http_status(int status) { mutable_details().http_status = status; return *this; }
error& error::with_request_id(std::string id) { mutable_details().request_id = std::move(id); return *this; }
error& error::with_attempts(int attempts) { mutable_details().attempts = attempts; return *this; }
error& error::with_field(std::string field) { mutable_details().field = std::move(field); return *this; }
error& error::with_outcome_unknown(bool unknown) { mutable_details().outcome_unknown = unknown; return *this; }
error& error::with_cancellation_reasons(std::vector<cancellation_reason> reasons) {
  mutable_details().reasons = std::move(reasons);
  return *this;
}
error& error::with_old_item(item old) { mutable_details().old_item = std::move(old); return *this; }

error error::validation(std::string field, std::string message) {
  error e(error_code::validation, field.empty() ? std::move(message) : field + ": " + message);
  e.with_field(std::move(field));
  return e;
}

bool error::is_throttling() const noexcept {
  return code_ == error_code::throttled || code_ == error_code::request_limit_exceeded;
}

namespace {
bool reason_is_transient(const cancellation_reason& r) {
  return r.ok() || r.code == "TransactionConflict" || r.code == "ThrottlingError" ||
         r.code == "ProvisionedThroughputExceeded";
}
}  // namespace

bool error::retryable() const noexcept {
  switch (code_) {
    case error_code::throttled:
    case error_code::request_limit_exceeded:
    case error_code::transaction_in_progress:
    case error_code::transaction_conflict:
    case error_code::limit_exceeded:
    case error_code::service_unavailable:
    case error_code::internal_server_error:
      return true;
    case error_code::network:
    case error_code::timeout:
      // A request that may have been applied is repeated only by a caller who said it is
      // idempotent; the retry layer decides that, not the error.
      return !details_->outcome_unknown;
    case error_code::transaction_canceled:
      return !details_->reasons.empty() &&
             std::ranges::all_of(details_->reasons, reason_is_transient) &&
             !std::ranges::all_of(details_->reasons, &cancellation_reason::ok);
    default:
      return false;
  }
}

std::string_view to_string(error_code code) noexcept {
  switch (code) {
    case error_code::validation: return "validation";
    case error_code::conditional_check_failed: return "conditional_check_failed";
    case error_code::transaction_canceled: return "transaction_canceled";
    case error_code::transaction_conflict: return "transaction_conflict";
    case error_code::transaction_in_progress: return "transaction_in_progress";
    case error_code::idempotent_parameter_mismatch: return "idempotent_parameter_mismatch";
    case error_code::throttled: return "throttled";
    case error_code::request_limit_exceeded: return "request_limit_exceeded";
    case error_code::limit_exceeded: return "limit_exceeded";
    case error_code::resource_not_found: return "resource_not_found";
    case error_code::resource_in_use: return "resource_in_use";
    case error_code::access_denied: return "access_denied";
    case error_code::unrecognized_client: return "unrecognized_client";
    case error_code::item_collection_size_limit: return "item_collection_size_limit";
    case error_code::service_unavailable: return "service_unavailable";
    case error_code::internal_server_error: return "internal_server_error";
    case error_code::network: return "network";
    case error_code::timeout: return "timeout";
    case error_code::circuit_open: return "circuit_open";
    case error_code::serialization: return "serialization";
    case error_code::credentials: return "credentials";
    case error_code::unknown: return "unknown";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& os, const error& e) {
  os << to_string(e.code()) << ": " << e.message();
  if (!e.aws_type().empty()) os << " [" << e.aws_type() << "]";
  if (e.http_status() != 0) os << " [HTTP " << e.http_status() << "]";
  if (!e.request_id().empty()) os << " [request id " << e.request_id() << "]";
  if (e.attempts() > 1) os << " [" << e.attempts() << " attempts]";
  if (e.outcome_unknown()) os << " [outcome unknown]";
  return os;
}

}  // namespace ddbkit

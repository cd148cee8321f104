#include <ddbkit/cancellation_reason.hpp>
#include <ddbkit/error.hpp>

#include "error_builder.hpp"

#include <algorithm>
#include <array>
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

error error::validation(std::string field, std::string message) {
  error e(error_code::validation, field.empty() ? std::move(message) : field + ": " + message);
  detail::error_builder(e).field(std::move(field));
  return e;
}

bool error::is_throttling() const noexcept {
  return code_ == error_code::throttled || code_ == error_code::request_limit_exceeded;
}

namespace {

struct code_info {
  error_code code;
  std::string_view name;
  failure_class retry_class;
};

// The one table behind to_string(), classify() and error::retryable() (DESIGN.md "Retry").
// transaction_canceled is permanent here; classify() looks at its reasons.
constexpr std::array codes{
    code_info{error_code::validation, "validation", failure_class::permanent},
    code_info{error_code::conditional_check_failed, "conditional_check_failed", failure_class::permanent},
    code_info{error_code::duplicate_item, "duplicate_item", failure_class::permanent},
    code_info{error_code::transaction_canceled, "transaction_canceled", failure_class::permanent},
    code_info{error_code::transaction_conflict, "transaction_conflict", failure_class::conflict},
    code_info{error_code::transaction_in_progress, "transaction_in_progress", failure_class::conflict},
    code_info{error_code::idempotent_parameter_mismatch, "idempotent_parameter_mismatch", failure_class::permanent},
    code_info{error_code::throttled, "throttled", failure_class::throttle},
    code_info{error_code::request_limit_exceeded, "request_limit_exceeded", failure_class::throttle},
    code_info{error_code::limit_exceeded, "limit_exceeded", failure_class::throttle},
    code_info{error_code::resource_not_found, "resource_not_found", failure_class::permanent},
    code_info{error_code::resource_in_use, "resource_in_use", failure_class::permanent},
    code_info{error_code::access_denied, "access_denied", failure_class::permanent},
    code_info{error_code::unrecognized_client, "unrecognized_client", failure_class::permanent},
    code_info{error_code::item_collection_size_limit, "item_collection_size_limit", failure_class::permanent},
    code_info{error_code::service_unavailable, "service_unavailable", failure_class::transient},
    code_info{error_code::internal_server_error, "internal_server_error", failure_class::transient},
    code_info{error_code::network, "network", failure_class::transient},
    code_info{error_code::timeout, "timeout", failure_class::transient},
    code_info{error_code::crc_mismatch, "crc_mismatch", failure_class::transient},
    code_info{error_code::canceled, "canceled", failure_class::permanent},
    code_info{error_code::circuit_open, "circuit_open", failure_class::permanent},
    code_info{error_code::serialization, "serialization", failure_class::permanent},
    code_info{error_code::credentials, "credentials", failure_class::permanent},
    code_info{error_code::blocking_call_on_io_thread, "blocking_call_on_io_thread", failure_class::permanent},
    code_info{error_code::item_not_found, "item_not_found", failure_class::permanent},
    code_info{error_code::unknown, "unknown", failure_class::permanent},
};

consteval bool table_is_complete_and_in_order() {
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (static_cast<std::size_t>(codes[i].code) != i) return false;
  }
  return static_cast<std::size_t>(error_code::unknown) + 1 == codes.size();
}
static_assert(table_is_complete_and_in_order(), "one row per error_code, in declaration order");

const code_info& info(error_code code) noexcept {
  const auto i = static_cast<std::size_t>(code);
  return i < codes.size() ? codes[i] : codes.back();
}

bool is_throttle_reason(const cancellation_reason& r) {
  return r.code == "ThrottlingError" || r.code == "ProvisionedThroughputExceeded";
}

bool is_conflict_reason(const cancellation_reason& r) { return r.code == "TransactionConflict"; }

/// A canceled transaction is retried when something other than its content canceled it:
/// every reason other than None is a conflict or a throttle (and there is one).
failure_class class_of_cancellation(std::span<const cancellation_reason> reasons) {
  bool conflict = false;
  bool throttle = false;
  for (const auto& r : reasons) {
    if (r.ok()) continue;
    if (is_conflict_reason(r)) {
      conflict = true;
    } else if (is_throttle_reason(r)) {
      throttle = true;
    } else {
      return failure_class::permanent;
    }
  }
  if (conflict) return failure_class::conflict;
  return throttle ? failure_class::throttle : failure_class::permanent;
}

}  // namespace

failure_class classify(const error& e) noexcept {
  if (e.code() == error_code::transaction_canceled) return class_of_cancellation(e.cancellation_reasons());
  return info(e.code()).retry_class;
}

bool error::retryable() const noexcept {
  const auto c = classify(*this);
  if (c == failure_class::permanent) return false;
  // A request that may have been applied is repeated only when that is harmless; the
  // retry layer knows the request, the error does not.
  return !details_->outcome_unknown;
}

std::string_view to_string(error_code code) noexcept { return info(code).name; }

std::string_view to_string(failure_class c) noexcept {
  switch (c) {
    case failure_class::throttle: return "throttle";
    case failure_class::transient: return "transient";
    case failure_class::conflict: return "conflict";
    case failure_class::permanent: return "permanent";
  }
  return "permanent";
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

namespace detail {

error_builder& error_builder::aws_type(std::string type) { e_.mutable_details().aws_type = std::move(type); return *this; }
error_builder& error_builder::message(std::string message) { e_.mutable_details().message = std::move(message); return *this; }
error_builder& error_builder::explain(std::string_view reason) {
  auto& d = e_.mutable_details();
  d.message.append(" (").append(reason).append(")");
  return *this;
}
error_builder& error_builder::http_status(int status) { e_.mutable_details().http_status = status; return *this; }
error_builder& error_builder::request_id(std::string id) { e_.mutable_details().request_id = std::move(id); return *this; }
error_builder& error_builder::attempts(int attempts) { e_.mutable_details().attempts = attempts; return *this; }
error_builder& error_builder::field(std::string field) { e_.mutable_details().field = std::move(field); return *this; }
error_builder& error_builder::outcome_unknown(bool unknown) {
  e_.mutable_details().outcome_unknown = unknown;
  return *this;
}
error_builder& error_builder::cancellation_reasons(std::vector<cancellation_reason> reasons) {
  e_.mutable_details().reasons = std::move(reasons);
  return *this;
}
error_builder& error_builder::old_item(item old) { e_.mutable_details().old_item = std::move(old); return *this; }

}  // namespace detail
}  // namespace ddbkit

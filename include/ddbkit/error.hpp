#pragma once
// ddbkit's single error type and result<T>.
#include <ddbkit/value/fwd.hpp>

#include <expected>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace ddbkit {

/// What went wrong, as a program needs to tell it. Server errors are mapped from the
/// response's `__type` and HTTP status; client-side failures have their own codes.
enum class error_code {
  validation,                     ///< bad input, refused before anything was sent (or ValidationException)
  conditional_check_failed,       ///< ConditionalCheckFailedException
  duplicate_item,                 ///< DuplicateItemException: a PartiQL INSERT of an existing key
  transaction_canceled,           ///< TransactionCanceledException (see cancellation_reasons())
  transaction_conflict,           ///< TransactionConflictException
  transaction_in_progress,        ///< TransactionInProgressException
  idempotent_parameter_mismatch,  ///< IdempotentParameterMismatchException
  throttled,                      ///< ProvisionedThroughputExceeded / ThrottlingException
  request_limit_exceeded,         ///< RequestLimitExceeded (account-level throughput)
  limit_exceeded,                 ///< LimitExceededException (control plane)
  resource_not_found,             ///< ResourceNotFoundException
  resource_in_use,                ///< ResourceInUseException
  access_denied,                  ///< AccessDeniedException, missing/invalid signature
  unrecognized_client,            ///< UnrecognizedClientException, InvalidSignatureException
  item_collection_size_limit,     ///< ItemCollectionSizeLimitExceededException
  service_unavailable,            ///< HTTP 503 / ServiceUnavailable
  internal_server_error,          ///< HTTP 500 / InternalServerError and other 5xx
  network,                        ///< connect/read/write failure, connection reset
  timeout,                        ///< connect, request or whole-call timeout
  crc_mismatch,                   ///< the response's x-amz-crc32 does not match its body (damaged on the way)
  canceled,                       ///< the caller canceled the call (Asio cancellation)
  circuit_open,                   ///< the endpoint's circuit breaker is open; nothing was sent
  serialization,                  ///< a response (or a typed conversion) could not be decoded
  credentials,                    ///< no usable credentials
  blocking_call_on_io_thread,     ///< a blocking call made on a thread that runs the client's I/O; nothing was sent
  item_not_found,                 ///< a read-modify-write (update_with_retry) found no item to modify
  unknown,                        ///< a server error type ddbkit does not know
};

/// The classes of DESIGN.md's retry rules. Each class has its own budget
/// (retry_options): throttles may use every attempt of a call, transient failures and
/// conflicts only their own count.
enum class failure_class {
  throttle,   ///< throttled, request_limit_exceeded, limit_exceeded, canceled by throttles only
  transient,  ///< HTTP 5xx, network, timeout, crc_mismatch
  conflict,   ///< transaction_conflict, transaction_in_progress, canceled by a conflict
  permanent,  ///< everything else: never retried
};

std::string_view to_string(failure_class c) noexcept;

/// The stable lower-case name of a code, e.g. "conditional_check_failed".
std::string_view to_string(error_code code) noexcept;

struct cancellation_reason;  // <ddbkit/cancellation_reason.hpp>
class error;
namespace detail {
class error_builder;  // src/error_builder.hpp: how the layers fill an error in
}  // namespace detail

/// The retry class of `e`: from one table of codes (src/error.cpp), and for a canceled
/// transaction from its reasons. error::retryable() and the retry policy both ask this.
failure_class classify(const error& e) noexcept;

/// An error returned by a ddbkit call.
///
/// Small and cheap to copy (a code and a shared, immutable detail block). The message never
/// contains a secret: credentials are held in types that do not print them.
/// Thread safety: distinct objects, safe; const access to one object, safe.
class error {
 public:
  error(error_code code, std::string message);

  error_code code() const noexcept { return code_; }
  std::string_view message() const noexcept;
  /// The AWS error type (the part of `__type` after '#'), empty for client-side errors.
  std::string_view aws_type() const noexcept;
  /// The HTTP status of the response, 0 when no response was received.
  int http_status() const noexcept;
  /// x-amzn-RequestId of the failed response, empty when none was received.
  std::string_view request_id() const noexcept;
  /// Requests sent for this call (1 without retries; 0 when refused before sending).
  int attempts() const noexcept;
  /// For validation errors: the request field at fault (e.g. "Item.price"), else empty.
  std::string_view field() const noexcept;
  /// True when the request may have been applied although no valid response said so (sent,
  /// then a reset, a timeout or a damaged response). Such a request is repeated only when
  /// repeating it is harmless or the call was marked idempotent.
  bool outcome_unknown() const noexcept;
  /// Per-action reasons of a canceled transaction, aligned with the request's actions.
  std::span<const cancellation_reason> cancellation_reasons() const noexcept;
  /// The item as it was, when a condition failed and ALL_OLD was asked for; else nullptr.
  const item* old_item() const noexcept;

  /// Whether DESIGN.md's retry rules allow repeating the request: classify() is not
  /// permanent, and the request is known not to have been applied (a failure with
  /// outcome_unknown() is repeated only for a request that is harmless to repeat, which
  /// the error cannot know).
  bool retryable() const noexcept;

  bool is_throttling() const noexcept;
  bool is_condition_failed() const noexcept { return code_ == error_code::conditional_check_failed; }
  bool is_transaction_canceled() const noexcept { return code_ == error_code::transaction_canceled; }
  bool is_validation() const noexcept { return code_ == error_code::validation; }
  bool is_not_found() const noexcept { return code_ == error_code::resource_not_found; }
  bool is_canceled() const noexcept { return code_ == error_code::canceled; }

  /// A validation error naming the offending field.
  static error validation(std::string field, std::string message);

 private:
  friend class detail::error_builder;
  struct details;
  details& mutable_details();

  error_code code_;
  std::shared_ptr<const details> details_;
};

/// "code: message [type, status, request id, attempts]" — for logs; never holds secrets.
std::ostream& operator<<(std::ostream& os, const error& e);

/// Every fallible ddbkit call returns a result; no exception crosses the API for
/// expected failures.
template <class T>
using result = std::expected<T, error>;

/// Shorthand for returning an error from a function that returns result<T>.
inline std::unexpected<error> fail(error_code code, std::string message) {
  return std::unexpected<error>(std::in_place, code, std::move(message));
}

}  // namespace ddbkit

#pragma once
// Internal: how the layers fill in an error as it travels up (the response's request id,
// the call's attempts, …). Users only read errors; these setters are not public.
#include <ddbkit/cancellation_reason.hpp>
#include <ddbkit/error.hpp>
#include <ddbkit/value/attribute_value.hpp>

#include <string>
#include <vector>

namespace ddbkit::detail {

/// Edits one error in place: `error_builder(e).attempts(3).request_id(id);`. The error's
/// detail block is copied first when other errors share it (copy on write).
class error_builder {
 public:
  explicit error_builder(error& e) noexcept : e_(e) {}

  error_builder& aws_type(std::string type);
  error_builder& message(std::string message);
  /// Appends " (reason)" to the message.
  error_builder& explain(std::string_view reason);
  error_builder& http_status(int status);
  error_builder& request_id(std::string id);
  error_builder& attempts(int attempts);
  error_builder& field(std::string field);
  error_builder& outcome_unknown(bool unknown = true);
  error_builder& cancellation_reasons(std::vector<cancellation_reason> reasons);
  error_builder& old_item(item old);

  /// The edited error (a copy), for `return std::unexpected(error_builder(e).….get());`.
  error get() const { return e_; }

 private:
  error& e_;
};

}  // namespace ddbkit::detail

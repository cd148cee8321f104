#pragma once
// Logging: an observer that writes what a client does to a sink of the caller's, by level.
// Bodies only at trace level, with attribute values redacted; never a credential.
#include <ddbkit/observer.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace ddbkit {

enum class log_level { trace, debug, info, warn, error, off };
std::string_view to_string(log_level level) noexcept;

struct log_options {
  /// The least severe level written.
  log_level level = log_level::info;
  /// At trace level, every attribute value in a logged body ({"S": …}, {"N": …}, sets,
  /// binaries, booleans) is written as "<redacted>"; names, expressions and structure stay.
  /// Turn off only where the data may be seen by whoever reads the logs.
  bool redact_values = true;
  /// Receives each line (without a newline). Required; called from the threads that run
  /// the client's calls, possibly concurrently: it must be thread-safe and not throw.
  std::function<void(log_level, std::string_view)> sink;
};

/// Logs a client's work (client_options::observers):
///   error  a call that failed, with its error (type, message, attempts, request id)
///   warn   a request that failed and is retried, with the wait; a circuit that opened
///   info   a circuit that closed again
///   debug  every call that succeeded: operation, tables, attempts, latency, what a batch
///          left unprocessed; an HTTP connection opened or closed
///   trace  every request: its body and the response's (redacted by default); a connection
///          reused or released
/// Headers are never logged, so neither is the Authorization header, the security token or
/// any key; credentials never reach an observer.
class logging_observer final : public observer {
 public:
  explicit logging_observer(log_options options);

  bool wants_bodies() const override { return options_.level <= log_level::trace; }
  void on_attempt(const call_info& call, const attempt_info& attempt) override;
  void on_call_end(const call_info& call, const call_result& result) override;
  void on_circuit_state(std::string_view endpoint, circuit_state state) override;
  void on_connection(std::string_view endpoint, http::connection_event event) override;

 private:
  bool enabled(log_level level) const { return options_.sink && level >= options_.level && level != log_level::off; }
  log_options options_;
};

/// `json` (a DynamoDB request or response body) with every attribute value replaced by
/// "<redacted>"; a text that is not JSON becomes "<N bytes, not JSON>".
std::string redact_attribute_values(std::string_view json);

}  // namespace ddbkit

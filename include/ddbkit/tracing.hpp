#pragma once
// Tracing: a span per call and an event per request, through a small tracer interface that
// maps one to one onto OpenTelemetry's semantic conventions for DynamoDB.
#include <ddbkit/observer.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ddbkit {

/// An attribute value: what OpenTelemetry's AttributeValue holds that ddbkit uses. Text is
/// viewed, as in OpenTelemetry's AttributeValue: it is valid during the call it is handed
/// to, and a span that keeps it copies it. (Owning strings cost every traced call a dozen
/// allocations that an OpenTelemetry bridge would only convert back to views.)
using trace_value = std::variant<std::string_view, std::int64_t, double, bool, std::span<const std::string_view>>;
/// One attribute: its OpenTelemetry name ("db.system", "aws.dynamodb.table_names", …) and value.
using trace_attribute = std::pair<std::string_view, trace_value>;
/// Attributes, valid during the call they are handed to.
using trace_attributes = std::span<const trace_attribute>;

/// One span (one call). Implementations forward to their tracing system; every function is
/// called by one thread at a time, and end() last.
class trace_span {
 public:
  virtual ~trace_span() = default;
  virtual void set_attributes(const trace_attributes& attributes) = 0;
  /// An event: "attempt" for each request sent.
  virtual void add_event(std::string_view name, const trace_attributes& attributes) = 0;
  /// The call failed: `type` is the error's type (error.type), `message` its message.
  virtual void set_error(std::string_view type, std::string_view message) = 0;
  virtual void end() = 0;
};

/// Starts spans. Thread safety: start_span may be called concurrently.
class tracer {
 public:
  virtual ~tracer() = default;
  /// A client span named `name` ("DynamoDB.PutItem") with its first attributes.
  virtual std::unique_ptr<trace_span> start_span(std::string_view name, const trace_attributes& attributes) = 0;
};

/// The observer that traces a client's calls (client_options::observers): a span per call,
/// named "DynamoDB.<operation>", with OpenTelemetry's attributes for DynamoDB —
///   db.system = "dynamodb", rpc.system = "aws-api", rpc.service = "DynamoDB",
///   rpc.method = operation, aws.dynamodb.table_names = [tables],
///   aws.dynamodb.index_name (Query and Scan on an index),
///   aws.dynamodb.consumed_capacity = [ConsumedCapacity as JSON], aws.request_id,
///   and on failure error.type (the AWS error type, else ddbkit's code) with the message;
/// and an "attempt" event per request: ddbkit.attempt, http.response.status_code,
/// ddbkit.latency_ms, aws.request_id, error.type and ddbkit.retry_delay_ms when retried.
/// Thread safety: as every observer's (calls run concurrently; spans are kept per call).
class tracing_observer final : public observer {
 public:
  explicit tracing_observer(std::shared_ptr<ddbkit::tracer> tracer);

  void on_call_start(const call_info& call) override;
  void on_attempt(const call_info& call, const attempt_info& attempt) override;
  void on_call_end(const call_info& call, const call_result& result) override;

 private:
  std::unique_ptr<trace_span> take(std::uint64_t call_id);
  trace_span* find(std::uint64_t call_id);

  std::shared_ptr<ddbkit::tracer> tracer_;
  std::mutex mutex_;
  std::map<std::uint64_t, std::unique_ptr<trace_span>> spans_;  // the calls under way
};

}  // namespace ddbkit

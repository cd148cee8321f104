#include <ddbkit/model/common.hpp>
#include <ddbkit/tracing.hpp>

#include "value/json_writer.hpp"

#include <functional>
#include <thread>

namespace ddbkit {

namespace {

std::vector<std::string> tables_of(std::string_view joined) {
  std::vector<std::string> out;
  for_each_table(joined, [&](std::string_view t) { out.emplace_back(t); });
  return out;
}

void write_units(detail::json_writer& w, const std::optional<double>& read, const std::optional<double>& write,
                 const std::optional<double>& total) {
  // In DynamoDB's order.
  for (const auto& [key, units] : {std::pair{"CapacityUnits", &total}, std::pair{"ReadCapacityUnits", &read},
                                   std::pair{"WriteCapacityUnits", &write}}) {
    if (!*units) continue;
    w.key(key);
    w.floating(**units);
  }
}

void write_capacity(detail::json_writer& w, const capacity& c) {
  w.begin_object();
  write_units(w, c.read_capacity_units, c.write_capacity_units, c.capacity_units);
  w.end_object();
}

/// One ConsumedCapacity entry as DynamoDB writes it (OpenTelemetry's
/// aws.dynamodb.consumed_capacity holds these JSON texts). Written directly: building a
/// JSON DOM to serialize it was most of the tracer's cost per call (bench_observer_overhead).
std::string consumed_json(const consumed_capacity& c) {
  std::string out;
  out.reserve(96);
  detail::json_writer w(out);
  w.begin_object();
  w.member("TableName", c.table_name);
  write_units(w, c.read_capacity_units, c.write_capacity_units, c.capacity_units);
  if (c.table) {
    w.key("Table");
    write_capacity(w, *c.table);
  }
  for (const auto& [key, indexes] : {std::pair{"GlobalSecondaryIndexes", &c.global_secondary_indexes},
                                     std::pair{"LocalSecondaryIndexes", &c.local_secondary_indexes}}) {
    if (indexes->empty()) continue;
    w.key(key);
    w.begin_object();
    for (const auto& [name, units] : *indexes) {
      w.key(name);
      write_capacity(w, units);
    }
    w.end_object();
  }
  w.end_object();
  return out;
}

/// The error's type as OpenTelemetry's error.type: the AWS type when DynamoDB sent one.
std::string error_type(const error& e) {
  return std::string(e.aws_type().empty() ? to_string(e.code()) : e.aws_type());
}

/// The key of a call's span: its id, or for a call refused before it had one (id 0, start
/// and end on one thread) the thread's.
std::uint64_t span_key(std::uint64_t call_id) {
  if (call_id != 0) return call_id;
  return (std::uint64_t{1} << 63) | std::hash<std::thread::id>{}(std::this_thread::get_id());
}

}  // namespace

tracing_observer::tracing_observer(std::shared_ptr<ddbkit::tracer> tracer) : tracer_(std::move(tracer)) {}

void tracing_observer::on_call_start(const call_info& call) {
  trace_attributes attributes;
  attributes.reserve(6);  // grown, the vector would move every attribute made so far
  attributes.emplace_back("db.system", std::string("dynamodb"));
  attributes.emplace_back("rpc.system", std::string("aws-api"));
  attributes.emplace_back("rpc.service", std::string("DynamoDB"));
  attributes.emplace_back("rpc.method", std::string(call.operation));
  if (!call.table.empty()) attributes.emplace_back("aws.dynamodb.table_names", tables_of(call.table));
  if (!call.index.empty()) attributes.emplace_back("aws.dynamodb.index_name", std::string(call.index));
  std::string name = "DynamoDB.";
  name += call.operation;
  auto span = tracer_->start_span(name, attributes);
  if (!span) return;
  std::lock_guard lock(mutex_);
  spans_[span_key(call.call_id)] = std::move(span);
}

trace_span* tracing_observer::find(std::uint64_t call_id) {
  std::lock_guard lock(mutex_);
  auto it = spans_.find(span_key(call_id));
  return it == spans_.end() ? nullptr : it->second.get();
}

std::unique_ptr<trace_span> tracing_observer::take(std::uint64_t call_id) {
  std::lock_guard lock(mutex_);
  auto it = spans_.find(span_key(call_id));
  if (it == spans_.end()) return nullptr;
  auto span = std::move(it->second);
  spans_.erase(it);
  return span;
}

void tracing_observer::on_attempt(const call_info& call, const attempt_info& attempt) {
  trace_span* span = find(call.call_id);  // only this call's thread uses it meanwhile
  if (span == nullptr) return;
  trace_attributes event;
  event.reserve(6);
  event.emplace_back("ddbkit.attempt", std::int64_t{attempt.attempt});
  event.emplace_back("ddbkit.latency_ms", std::chrono::duration<double, std::milli>(attempt.latency).count());
  if (attempt.http_status != 0) event.emplace_back("http.response.status_code", std::int64_t{attempt.http_status});
  if (!attempt.request_id.empty()) event.emplace_back("aws.request_id", attempt.request_id);
  if (attempt.error) event.emplace_back("error.type", error_type(*attempt.error));
  if (attempt.retry_delay) event.emplace_back("ddbkit.retry_delay_ms", std::int64_t{attempt.retry_delay->count()});
  span->add_event("attempt", event);
  if (!attempt.request_id.empty()) span->set_attributes({{"aws.request_id", attempt.request_id}});
}

void tracing_observer::on_call_end(const call_info& call, const call_result& result) {
  auto span = take(call.call_id);
  if (!span) return;
  trace_attributes attributes;
  attributes.reserve(2);
  attributes.emplace_back("ddbkit.attempts", std::int64_t{result.attempts});
  if (!result.consumed_capacity.empty()) {
    std::vector<std::string> consumed;
    consumed.reserve(result.consumed_capacity.size());
    for (const auto& c : result.consumed_capacity) consumed.push_back(consumed_json(c));
    attributes.emplace_back("aws.dynamodb.consumed_capacity", std::move(consumed));
  }
  span->set_attributes(attributes);
  if (result.error) span->set_error(error_type(*result.error), result.error->message());
  span->end();
}

}  // namespace ddbkit

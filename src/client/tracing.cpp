#include <ddbkit/model/common.hpp>
#include <ddbkit/tracing.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <functional>
#include <thread>

namespace ddbkit {

namespace {

std::vector<std::string> tables_of(std::string_view joined) {
  std::vector<std::string> out;
  for_each_table(joined, [&](std::string_view t) { out.emplace_back(t); });
  return out;
}

boost::json::object capacity_json(const capacity& c) {
  boost::json::object o;
  if (c.capacity_units) o["CapacityUnits"] = *c.capacity_units;
  if (c.read_capacity_units) o["ReadCapacityUnits"] = *c.read_capacity_units;
  if (c.write_capacity_units) o["WriteCapacityUnits"] = *c.write_capacity_units;
  return o;
}

/// One ConsumedCapacity entry as DynamoDB writes it (OpenTelemetry's
/// aws.dynamodb.consumed_capacity holds these JSON texts).
std::string consumed_json(const consumed_capacity& c) {
  auto o = capacity_json({.read_capacity_units = c.read_capacity_units,
                          .write_capacity_units = c.write_capacity_units,
                          .capacity_units = c.capacity_units});
  o["TableName"] = c.table_name;
  if (c.table) o["Table"] = capacity_json(*c.table);
  for (const auto& [key, indexes] : {std::pair{"GlobalSecondaryIndexes", &c.global_secondary_indexes},
                                     std::pair{"LocalSecondaryIndexes", &c.local_secondary_indexes}}) {
    if (indexes->empty()) continue;
    boost::json::object by_name;
    for (const auto& [name, units] : *indexes) by_name[name] = capacity_json(units);
    o[key] = std::move(by_name);
  }
  return boost::json::serialize(o);
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
  trace_attributes attributes{{"db.system", std::string("dynamodb")},
                              {"rpc.system", std::string("aws-api")},
                              {"rpc.service", std::string("DynamoDB")},
                              {"rpc.method", std::string(call.operation)}};
  if (!call.table.empty()) attributes.emplace_back("aws.dynamodb.table_names", tables_of(call.table));
  if (!call.index.empty()) attributes.emplace_back("aws.dynamodb.index_name", std::string(call.index));
  auto span = tracer_->start_span("DynamoDB." + std::string(call.operation), attributes);
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
  trace_attributes event{{"ddbkit.attempt", std::int64_t{attempt.attempt}},
                         {"ddbkit.latency_ms", std::chrono::duration<double, std::milli>(attempt.latency).count()}};
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
  trace_attributes attributes{{"ddbkit.attempts", std::int64_t{result.attempts}}};
  if (!result.consumed_capacity.empty()) {
    std::vector<std::string> consumed;
    for (const auto& c : result.consumed_capacity) consumed.push_back(consumed_json(c));
    attributes.emplace_back("aws.dynamodb.consumed_capacity", std::move(consumed));
  }
  span->set_attributes(attributes);
  if (result.error) span->set_error(error_type(*result.error), result.error->message());
  span->end();
}

}  // namespace ddbkit

#include <ddbkit/model/common.hpp>
#include <ddbkit/tracing.hpp>

#include "value/json_writer.hpp"

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <array>

#include <functional>
#include <thread>

namespace ddbkit {

namespace {

/// Attributes gathered on the stack (up to N without allocating): a span is handed a view.
template <std::size_t N>
class attribute_list {
 public:
  void add(std::string_view name, trace_value value) { items_.emplace_back(name, value); }
  trace_attributes view() const { return {items_.data(), items_.size()}; }

 private:
  boost::container::small_vector<trace_attribute, N> items_;
};

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
std::string_view error_type(const error& e) { return e.aws_type().empty() ? to_string(e.code()) : e.aws_type(); }

/// The key of a call's span: its id, or for a call refused before it had one (id 0, start
/// and end on one thread) the thread's.
std::uint64_t span_key(std::uint64_t call_id) {
  if (call_id != 0) return call_id;
  return (std::uint64_t{1} << 63) | std::hash<std::thread::id>{}(std::this_thread::get_id());
}

}  // namespace

tracing_observer::tracing_observer(std::shared_ptr<ddbkit::tracer> tracer) : tracer_(std::move(tracer)) {}

void tracing_observer::on_call_start(const call_info& call) {
  boost::container::small_vector<std::string_view, 4> tables;
  for_each_table(call.table, [&](std::string_view t) { tables.push_back(t); });
  attribute_list<6> attributes;
  attributes.add("db.system", std::string_view("dynamodb"));
  attributes.add("rpc.system", std::string_view("aws-api"));
  attributes.add("rpc.service", std::string_view("DynamoDB"));
  attributes.add("rpc.method", call.operation);
  if (!tables.empty()) attributes.add("aws.dynamodb.table_names", std::span<const std::string_view>(tables));
  if (!call.index.empty()) attributes.add("aws.dynamodb.index_name", call.index);
  constexpr std::string_view prefix = "DynamoDB.";
  std::array<char, 64> name{};
  const std::size_t name_size = std::min(name.size(), prefix.size() + call.operation.size());
  std::copy(prefix.begin(), prefix.end(), name.begin());
  std::copy_n(call.operation.begin(), name_size - prefix.size(), name.begin() + prefix.size());
  auto span = tracer_->start_span(std::string_view(name.data(), name_size), attributes.view());
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
  attribute_list<6> event;
  event.add("ddbkit.attempt", std::int64_t{attempt.attempt});
  event.add("ddbkit.latency_ms", std::chrono::duration<double, std::milli>(attempt.latency).count());
  if (attempt.http_status != 0) event.add("http.response.status_code", std::int64_t{attempt.http_status});
  if (!attempt.request_id.empty()) event.add("aws.request_id", std::string_view(attempt.request_id));
  if (attempt.error) event.add("error.type", error_type(*attempt.error));
  if (attempt.retry_delay) event.add("ddbkit.retry_delay_ms", std::int64_t{attempt.retry_delay->count()});
  span->add_event("attempt", event.view());
  if (!attempt.request_id.empty()) {
    const trace_attribute request_id{"aws.request_id", std::string_view(attempt.request_id)};
    span->set_attributes({&request_id, 1});
  }
}

void tracing_observer::on_call_end(const call_info& call, const call_result& result) {
  auto span = take(call.call_id);
  if (!span) return;
  std::vector<std::string> consumed;  // the texts the views below point into
  std::vector<std::string_view> consumed_views;
  attribute_list<2> attributes;
  attributes.add("ddbkit.attempts", std::int64_t{result.attempts});
  if (!result.consumed_capacity.empty()) {
    consumed.reserve(result.consumed_capacity.size());
    for (const auto& c : result.consumed_capacity) consumed.push_back(consumed_json(c));
    consumed_views.assign(consumed.begin(), consumed.end());
    attributes.add("aws.dynamodb.consumed_capacity", std::span<const std::string_view>(consumed_views));
  }
  span->set_attributes(attributes.view());
  if (result.error) span->set_error(error_type(*result.error), result.error->message());
  span->end();
}

}  // namespace ddbkit

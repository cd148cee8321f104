#include <ddbkit/model/common.hpp>
#include <ddbkit/observe/prometheus.hpp>
#include <ddbkit/retry/capacity_budget.hpp>

#include <prometheus/text_serializer.h>

namespace ddbkit::metrics {

namespace {

namespace prom = ::prometheus;

std::vector<double> default_buckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

template <class Builder>
auto& family(Builder builder, const char* name, const char* help, prom::Registry& registry) {
  return builder.Name(name).Help(help).Register(registry);
}

/// Calls fn(table) for each table of the call; once with "" for a call that names none.
template <class Fn>
void each_table(const call_info& call, Fn fn) {
  if (call.table.empty()) {
    fn(std::string_view());
    return;
  }
  for_each_table(call.table, fn);
}

std::string text_of(std::string_view s) { return std::string(s); }

/// Adds `units` to the read and write counters of `labels`: split as DynamoDB split them
/// (transactions, INDEXES), else all to the kind of the call (`writes`).
void count_units(prom::Family<prom::Counter>& reads, prom::Family<prom::Counter>& writes_family,
                 const prom::Labels& labels, const capacity& units, bool writes) {
  if (units.read_capacity_units || units.write_capacity_units) {
    if (units.read_capacity_units) reads.Add(labels).Increment(*units.read_capacity_units);
    if (units.write_capacity_units) writes_family.Add(labels).Increment(*units.write_capacity_units);
  } else if (units.capacity_units) {
    (writes ? writes_family : reads).Add(labels).Increment(*units.capacity_units);
  }
}

}  // namespace

prometheus_observer::prometheus_observer(std::shared_ptr<prom::Registry> registry, prometheus_options options)
    : registry_(registry ? std::move(registry) : std::make_shared<prom::Registry>()),
      options_(std::move(options)),
      operations_(family(prom::BuildCounter(), "dynamodb_operations_total", "DynamoDB calls by outcome", *registry_)),
      duration_(family(prom::BuildHistogram(), "dynamodb_operation_duration_seconds",
                       "Call duration, every attempt and backoff included", *registry_)),
      attempts_(family(prom::BuildCounter(), "dynamodb_attempts_total", "Requests sent", *registry_)),
      retries_(family(prom::BuildCounter(), "dynamodb_retries_total", "Requests followed by a retry", *registry_)),
      consumed_rcu_(family(prom::BuildCounter(), "dynamodb_consumed_rcu_total", "Read capacity units consumed",
                           *registry_)),
      consumed_wcu_(family(prom::BuildCounter(), "dynamodb_consumed_wcu_total", "Write capacity units consumed",
                           *registry_)),
      index_rcu_(family(prom::BuildCounter(), "dynamodb_index_consumed_rcu_total",
                        "Read capacity units consumed by secondary indexes", *registry_)),
      index_wcu_(family(prom::BuildCounter(), "dynamodb_index_consumed_wcu_total",
                        "Write capacity units consumed by secondary indexes", *registry_)),
      throttles_(family(prom::BuildCounter(), "dynamodb_throttles_total", "Throttled requests", *registry_)),
      condition_failures_(family(prom::BuildCounter(), "dynamodb_conditional_check_failures_total",
                                 "Calls refused by their condition", *registry_)),
      errors_(family(prom::BuildCounter(), "dynamodb_errors_total", "Calls that ended in an error", *registry_)),
      circuit_(family(prom::BuildGauge(), "dynamodb_circuit_state", "Circuit breaker: 0 closed, 1 open, 2 half open",
                      *registry_)) {
  if (options_.duration_buckets.empty()) options_.duration_buckets = default_buckets();
}

std::string prometheus_observer::text() const { return prom::TextSerializer().Serialize(registry_->Collect()); }

void prometheus_observer::on_attempt(const call_info& call, const attempt_info& attempt) {
  const auto operation = text_of(call.operation);
  std::optional<failure_class> failure;
  if (attempt.error) failure = classify(*attempt.error);
  each_table(call, [&](std::string_view table) {
    const prom::Labels labels{{"table", text_of(table)}, {"operation", operation}};
    attempts_.Add(labels).Increment();
    if (failure == failure_class::throttle) throttles_.Add(labels).Increment();
    if (attempt.retry_delay && failure) {
      retries_.Add({{"table", text_of(table)}, {"operation", operation}, {"reason", text_of(to_string(*failure))}})
          .Increment();
    }
  });
}

void prometheus_observer::on_call_end(const call_info& call, const call_result& result) {
  const auto operation = text_of(call.operation);
  const std::string status = result.error ? text_of(to_string(result.error->code())) : "success";
  const double seconds = std::chrono::duration<double>(result.latency).count();
  each_table(call, [&](std::string_view table) {
    operations_.Add({{"table", text_of(table)}, {"operation", operation}, {"status", status}}).Increment();
    duration_.Add({{"table", text_of(table)}, {"operation", operation}}, options_.duration_buckets).Observe(seconds);
    if (result.error && result.error->code() == error_code::conditional_check_failed) {
      condition_failures_.Add({{"table", text_of(table)}}).Increment();
    }
  });
  if (result.error) errors_.Add({{"code", status}}).Increment();

  const bool writes = retry::capacity_kind_of(call.operation) == retry::capacity_kind::write;
  for (const auto& c : result.consumed_capacity) {
    count_units(consumed_rcu_, consumed_wcu_, {{"table", c.table_name}, {"operation", operation}},
                {.read_capacity_units = c.read_capacity_units,
                 .write_capacity_units = c.write_capacity_units,
                 .capacity_units = c.capacity_units},
                writes);
    for (const auto* indexes : {&c.global_secondary_indexes, &c.local_secondary_indexes}) {
      for (const auto& [index, units] : *indexes) {
        count_units(index_rcu_, index_wcu_, {{"table", c.table_name}, {"index", index}}, units, writes);
      }
    }
  }
}

void prometheus_observer::on_circuit_state(std::string_view endpoint, circuit_state state) {
  const double value = state == circuit_state::closed ? 0 : state == circuit_state::open ? 1 : 2;
  circuit_.Add({{"endpoint", text_of(endpoint)}}).Set(value);
}

}  // namespace ddbkit::metrics

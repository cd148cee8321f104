#include <ddbkit/model/common.hpp>
#include <ddbkit/observe/prometheus.hpp>
#include <ddbkit/retry/capacity_budget.hpp>

#include <prometheus/text_serializer.h>

#include <array>
#include <atomic>
#include <shared_mutex>
#include <unordered_map>

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

/// Adds `units` to the read and write counters that `counter(write)` gives: split as
/// DynamoDB split them (transactions, INDEXES), else all to the kind of the call (`writes`).
template <class CounterOf>
void count_units(const capacity& units, bool writes, CounterOf counter) {
  if (units.read_capacity_units || units.write_capacity_units) {
    if (units.read_capacity_units) counter(false).Increment(*units.read_capacity_units);
    if (units.write_capacity_units) counter(true).Increment(*units.write_capacity_units);
  } else if (units.capacity_units) {
    counter(writes).Increment(*units.capacity_units);
  }
}

/// `slot`'s series, added to `family` with labels() on first use (Family::Add returns the
/// existing one for equal labels, so two threads racing here get the same series). The
/// labels are built only then: a label map costs allocations on every call.
template <class Labels>
prom::Counter& lazily(std::atomic<prom::Counter*>& slot, prom::Family<prom::Counter>& family, Labels labels) {
  auto* found = slot.load(std::memory_order_acquire);
  if (found == nullptr) {
    found = &family.Add(labels());
    slot.store(found, std::memory_order_release);
  }
  return *found;
}

struct string_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

}  // namespace

/// The series of one (table, operation) that every call touches, found once. Family::Add
/// builds and hashes a label map under the family's lock; on the request path that was
/// most of the observer's cost (bench_observer_overhead). Series a call touches only on
/// errors, throttles or indexes are still added per event.
struct prometheus_observer::operation_series {
  prom::Counter& attempts;
  prom::Histogram& duration;
  std::atomic<prom::Counter*> successes{nullptr};
  std::atomic<prom::Counter*> rcu{nullptr};
  std::atomic<prom::Counter*> wcu{nullptr};
};

/// The connection series of one endpoint: a connection changes state twice per request.
struct prometheus_observer::endpoint_series {
  prom::Gauge& idle;
  prom::Gauge& busy;
  std::array<std::atomic<prom::Counter*>, 5> events{};  ///< by connection_event
};

struct prometheus_observer::series_cache {
  std::shared_mutex mutex;
  std::unordered_map<std::string, std::unique_ptr<endpoint_series>, string_hash, std::equal_to<>> by_endpoint;
  /// operation → table → series; the series never move (unique_ptr) nor go away.
  std::unordered_map<std::string, std::unordered_map<std::string, std::unique_ptr<operation_series>, string_hash,
                                                     std::equal_to<>>,
                     string_hash, std::equal_to<>>
      by_operation;
};

prometheus_observer::operation_series& prometheus_observer::series(std::string_view table, std::string_view operation) {
  {
    std::shared_lock lock(cache_->mutex);
    if (auto op = cache_->by_operation.find(operation); op != cache_->by_operation.end()) {
      if (auto found = op->second.find(table); found != op->second.end()) return *found->second;
    }
  }
  std::unique_lock lock(cache_->mutex);
  auto& tables = cache_->by_operation[std::string(operation)];
  auto& slot = tables[std::string(table)];
  if (!slot) {
    const prom::Labels labels{{"table", std::string(table)}, {"operation", std::string(operation)}};
    slot = std::unique_ptr<operation_series>(new operation_series{
        .attempts = attempts_.Add(labels), .duration = duration_.Add(labels, options_.duration_buckets)});
  }
  return *slot;
}


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
      unprocessed_(family(prom::BuildCounter(), "dynamodb_batch_unprocessed_total",
                          "Writes or keys that batch requests left unprocessed", *registry_)),
      circuit_(family(prom::BuildGauge(), "dynamodb_circuit_state", "Circuit breaker: 0 closed, 1 open, 2 half open",
                      *registry_)),
      connections_(family(prom::BuildGauge(), "dynamodb_http_connections", "HTTP connections by state (idle, busy)",
                          *registry_)),
      connection_events_(family(prom::BuildCounter(), "dynamodb_http_connection_events_total",
                                "HTTP connections opened, reused, released and closed", *registry_)),
      cache_(std::make_unique<series_cache>()) {
  if (options_.duration_buckets.empty()) options_.duration_buckets = default_buckets();
}

prometheus_observer::~prometheus_observer() = default;

std::string prometheus_observer::text() const { return prom::TextSerializer().Serialize(registry_->Collect()); }

void prometheus_observer::on_attempt(const call_info& call, const attempt_info& attempt) {
  std::optional<failure_class> failure;
  if (attempt.error) failure = classify(*attempt.error);
  each_table(call, [&](std::string_view table) {
    series(table, call.operation).attempts.Increment();
    if (!failure) return;
    const prom::Labels labels{{"table", text_of(table)}, {"operation", text_of(call.operation)}};
    if (failure == failure_class::throttle) throttles_.Add(labels).Increment();
    if (attempt.retry_delay) {
      auto with_reason = labels;
      with_reason.emplace("reason", text_of(to_string(*failure)));
      retries_.Add(with_reason).Increment();
    }
  });
}

void prometheus_observer::on_call_end(const call_info& call, const call_result& result) {
  const double seconds = std::chrono::duration<double>(result.latency).count();
  each_table(call, [&](std::string_view table) {
    auto& s = series(table, call.operation);
    s.duration.Observe(seconds);
    if (!result.error) {
      lazily(s.successes, operations_, [&] {
        return prom::Labels{{"table", text_of(table)}, {"operation", text_of(call.operation)}, {"status", "success"}};
      }).Increment();
      return;
    }
    operations_
        .Add({{"table", text_of(table)},
              {"operation", text_of(call.operation)},
              {"status", text_of(to_string(result.error->code()))}})
        .Increment();
    if (result.error->code() == error_code::conditional_check_failed) {
      condition_failures_.Add({{"table", text_of(table)}}).Increment();
    }
  });
  if (result.error) errors_.Add({{"code", text_of(to_string(result.error->code()))}}).Increment();
  for (const auto& left : result.unprocessed) {
    unprocessed_.Add({{"table", text_of(left.table)}, {"operation", text_of(call.operation)}})
        .Increment(static_cast<double>(left.count));
  }

  const bool writes = retry::capacity_kind_of(call.operation) == retry::capacity_kind::write;
  for (const auto& c : result.consumed_capacity) {
    auto& s = series(c.table_name, call.operation);
    const auto labels = [&] { return prom::Labels{{"table", c.table_name}, {"operation", text_of(call.operation)}}; };
    count_units({.read_capacity_units = c.read_capacity_units,
                 .write_capacity_units = c.write_capacity_units,
                 .capacity_units = c.capacity_units},
                writes, [&](bool write) -> prom::Counter& {
                  return write ? lazily(s.wcu, consumed_wcu_, labels) : lazily(s.rcu, consumed_rcu_, labels);
                });
    for (const auto* indexes : {&c.global_secondary_indexes, &c.local_secondary_indexes}) {
      for (const auto& [index, units] : *indexes) {
        const prom::Labels by_index{{"table", c.table_name}, {"index", index}};
        count_units(units, writes, [&](bool write) -> prom::Counter& {
          return (write ? index_wcu_ : index_rcu_).Add(by_index);
        });
      }
    }
  }
}

void prometheus_observer::on_circuit_state(std::string_view endpoint, circuit_state state) {
  const double value = state == circuit_state::closed ? 0 : state == circuit_state::open ? 1 : 2;
  circuit_.Add({{"endpoint", text_of(endpoint)}}).Set(value);
}

prometheus_observer::endpoint_series& prometheus_observer::connection_series(std::string_view endpoint) {
  {
    std::shared_lock lock(cache_->mutex);
    if (auto found = cache_->by_endpoint.find(endpoint); found != cache_->by_endpoint.end()) return *found->second;
  }
  std::unique_lock lock(cache_->mutex);
  auto& slot = cache_->by_endpoint[std::string(endpoint)];
  if (!slot) {
    slot = std::unique_ptr<endpoint_series>(
        new endpoint_series{.idle = connections_.Add({{"endpoint", text_of(endpoint)}, {"state", "idle"}}),
                            .busy = connections_.Add({{"endpoint", text_of(endpoint)}, {"state", "busy"}})});
  }
  return *slot;
}

void prometheus_observer::on_connection(std::string_view endpoint, http::connection_event event) {
  auto& series = connection_series(endpoint);
  lazily(series.events.at(static_cast<std::size_t>(event)), connection_events_, [&] {
    return prom::Labels{{"endpoint", text_of(endpoint)}, {"event", text_of(to_string(event))}};
  }).Increment();
  auto& idle = series.idle;
  auto& busy = series.busy;
  switch (event) {
    case http::connection_event::opened: busy.Increment(); break;
    case http::connection_event::reused:
      idle.Decrement();
      busy.Increment();
      break;
    case http::connection_event::released:
      busy.Decrement();
      idle.Increment();
      break;
    case http::connection_event::closed_idle: idle.Decrement(); break;
    case http::connection_event::closed_busy: busy.Decrement(); break;
  }
}

}  // namespace ddbkit::metrics

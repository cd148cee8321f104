#pragma once
// Prometheus metrics of a client: an observer that counts into a prometheus-cpp registry,
// and an exposer that serves it at /metrics. The optional target ddbkit::prometheus, on
// Debian's prometheus-cpp-dev; the core library does not depend on it.
#include <ddbkit/error.hpp>
#include <ddbkit/observer.hpp>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <vector>

namespace ddbkit::metrics {

struct prometheus_options {
  /// Off (the default), the capacity counters count what responses carry: the capacity of
  /// the calls that ask for it (their return_consumed_capacity), and observing changes no
  /// request. On, requests that leave ReturnConsumedCapacity unset ask for INDEXES, so that
  /// the counters see every call (observer::wants_consumed_capacity); each response is then
  /// larger (1-2 µs more client CPU a GetItem) and DynamoDB Local answers 3-5 % slower.
  bool ask_consumed_capacity = false;
  /// Buckets of dynamodb_operation_duration_seconds; empty for 0.5 ms … 10 s.
  std::vector<double> duration_buckets;
};

/// Counts a client's work into a Prometheus registry (client_options::observers):
///   dynamodb_operations_total{table,operation,status}   status "success" or the error code
///   dynamodb_operation_duration_seconds{table,operation} a histogram, 0.5 ms to 10 s
///   dynamodb_attempts_total{table,operation}             every request sent
///   dynamodb_retries_total{table,operation,reason}       reason: throttle, transient, conflict
///   dynamodb_consumed_rcu_total / _wcu_total{table,operation}   exact, fractions included
///   dynamodb_index_consumed_rcu_total / _wcu_total{table,index}
///   dynamodb_throttles_total{table,operation}            throttled requests
///   dynamodb_conditional_check_failures_total{table}
///   dynamodb_batch_unprocessed_total{table,operation}   writes or keys a batch left unprocessed
///   dynamodb_errors_total{code}                          calls that ended in an error
///   dynamodb_circuit_state{endpoint}                     0 closed, 1 open, 2 half open
///   dynamodb_http_connections{endpoint,state}            connections now: state idle or busy
///   dynamodb_http_connection_events_total{endpoint,event}  opened, reused, released,
///                                                        closed_idle, closed_busy
/// A call that names several tables (a batch, a transaction) counts once for each.
/// Thread safety: every member may be called concurrently (prometheus-cpp's metrics are).
class prometheus_observer final : public observer {
 public:
  /// Registers the families in `registry` (a new one when null).
  explicit prometheus_observer(std::shared_ptr<::prometheus::Registry> registry = nullptr,
                               prometheus_options options = {});
  ~prometheus_observer() override;
  prometheus_observer(const prometheus_observer&) = delete;
  prometheus_observer& operator=(const prometheus_observer&) = delete;

  /// The registry the metrics are in: give it to an exposer, or add metrics of your own.
  const std::shared_ptr<::prometheus::Registry>& registry() const noexcept { return registry_; }
  /// The registry in Prometheus' text format (what /metrics serves).
  std::string text() const;

  bool wants_consumed_capacity() const override { return options_.ask_consumed_capacity; }
  void on_attempt(const call_info& call, const attempt_info& attempt) override;
  void on_call_end(const call_info& call, const call_result& result) override;
  void on_circuit_state(std::string_view endpoint, circuit_state state) override;
  void on_connection(std::string_view endpoint, http::connection_event event) override;

 private:
  struct operation_series;
  struct endpoint_series;
  struct series_cache;
  operation_series& series(std::string_view table, std::string_view operation);
  endpoint_series& connection_series(std::string_view endpoint);

  std::shared_ptr<::prometheus::Registry> registry_;
  prometheus_options options_;
  ::prometheus::Family<::prometheus::Counter>& operations_;
  ::prometheus::Family<::prometheus::Histogram>& duration_;
  ::prometheus::Family<::prometheus::Counter>& attempts_;
  ::prometheus::Family<::prometheus::Counter>& retries_;
  ::prometheus::Family<::prometheus::Counter>& consumed_rcu_;
  ::prometheus::Family<::prometheus::Counter>& consumed_wcu_;
  ::prometheus::Family<::prometheus::Counter>& index_rcu_;
  ::prometheus::Family<::prometheus::Counter>& index_wcu_;
  ::prometheus::Family<::prometheus::Counter>& throttles_;
  ::prometheus::Family<::prometheus::Counter>& condition_failures_;
  ::prometheus::Family<::prometheus::Counter>& errors_;
  ::prometheus::Family<::prometheus::Counter>& unprocessed_;
  ::prometheus::Family<::prometheus::Gauge>& circuit_;
  ::prometheus::Family<::prometheus::Gauge>& connections_;
  ::prometheus::Family<::prometheus::Counter>& connection_events_;
  std::unique_ptr<series_cache> cache_;
};

/// Serves registries at http://ADDRESS/metrics (prometheus-cpp's pull server, CivetWeb).
class metrics_exposer {
 public:
  /// Listens on `bind_address` ("127.0.0.1:9464"; port 0 for any free one) and serves
  /// `registry`. A `network` error when the address cannot be bound.
  static result<std::unique_ptr<metrics_exposer>> start(const std::string& bind_address,
                                                        std::shared_ptr<::prometheus::Registry> registry);
  ~metrics_exposer();
  metrics_exposer(const metrics_exposer&) = delete;
  metrics_exposer& operator=(const metrics_exposer&) = delete;

  /// The port it listens on.
  int port() const;

  struct impl;
  explicit metrics_exposer(std::unique_ptr<impl> i);

 private:
  std::unique_ptr<impl> impl_;
};

}  // namespace ddbkit::metrics

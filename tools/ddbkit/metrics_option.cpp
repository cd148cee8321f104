#include "metrics_option.hpp"

#ifdef DDBKIT_CLI_HAS_METRICS
#include <ddbkit/observe/prometheus.hpp>
#endif

namespace ddbkit::cli {

outcome<std::function<std::string()>> attach_metrics(client_options& options) {
#ifdef DDBKIT_CLI_HAS_METRICS
  // A command run with --metrics is there to see what it cost: every request asks.
  auto metrics = std::make_shared<metrics::prometheus_observer>(
      nullptr, metrics::prometheus_options{.ask_consumed_capacity = true});
  options.observers.push_back(metrics);
  return [metrics] { return metrics->text(); };
#else
  (void)options;
  return std::unexpected(bad_input("--metrics: this ddbkit was built without prometheus-cpp (prometheus-cpp-dev)"));
#endif
}

}  // namespace ddbkit::cli

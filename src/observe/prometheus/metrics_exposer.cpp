#include <ddbkit/observe/prometheus.hpp>

#include <prometheus/exposer.h>

#include <exception>

namespace ddbkit::metrics {

struct metrics_exposer::impl {
  std::unique_ptr<::prometheus::Exposer> exposer;
  std::shared_ptr<::prometheus::Registry> registry;
};

metrics_exposer::metrics_exposer(std::unique_ptr<impl> i) : impl_(std::move(i)) {}
metrics_exposer::~metrics_exposer() = default;

result<std::unique_ptr<metrics_exposer>> metrics_exposer::start(const std::string& bind_address,
                                                                std::shared_ptr<::prometheus::Registry> registry) {
  auto i = std::make_unique<impl>();
  try {
    // One serving thread: a scrape every few seconds needs no more.
    i->exposer = std::make_unique<::prometheus::Exposer>(bind_address, 1);
  } catch (const std::exception& e) {  // CivetWeb reports a bind failure by throwing
    return std::unexpected(error(error_code::network, "cannot serve metrics at " + bind_address + ": " + e.what()));
  }
  i->registry = std::move(registry);
  i->exposer->RegisterCollectable(i->registry);
  return std::make_unique<metrics_exposer>(std::move(i));
}

int metrics_exposer::port() const {
  const auto ports = impl_->exposer->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

}  // namespace ddbkit::metrics

#include "ratio_reporter.hpp"

#include <cstdio>

namespace ddbkit::bench {

void ratio_reporter::ReportRuns(const std::vector<Run>& runs) {
  for (const auto& run : runs) {
    if (run.run_type == Run::RT_Iteration && run.iterations > 0) {
      ns_per_iteration_[run.benchmark_name()] = run.GetAdjustedRealTime();
    }
  }
  ConsoleReporter::ReportRuns(runs);
}

void ratio_reporter::Finalize() {
  ConsoleReporter::Finalize();
  std::printf("\nRatios (same run, real time per iteration):\n");
  for (const auto& [name, baseline] : pairs_) {
    auto a = ns_per_iteration_.find(name);
    auto b = ns_per_iteration_.find(baseline);
    if (a == ns_per_iteration_.end() || b == ns_per_iteration_.end() || b->second <= 0) continue;
    std::printf("  %-40s / %-40s = %6.2fx\n", name.c_str(), baseline.c_str(), a->second / b->second);
  }
}

}  // namespace ddbkit::bench

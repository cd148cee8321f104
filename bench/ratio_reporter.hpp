#pragma once
// Google Benchmark reporter that also prints "X / baseline = ratio" lines at the end, so
// results are read as ratios measured in the same run (the machines are noisy).
#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ddbkit::bench {

class ratio_reporter : public benchmark::ConsoleReporter {
 public:
  /// Pairs of (benchmark name, baseline name).
  explicit ratio_reporter(std::vector<std::pair<std::string, std::string>> pairs) : pairs_(std::move(pairs)) {}

  void ReportRuns(const std::vector<Run>& runs) override;
  void Finalize() override;

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
  std::map<std::string, double> ns_per_iteration_;
};

}  // namespace ddbkit::bench

#pragma once
// Internal: which fault (if any) a request gets. Sans-I/O: fed the request's operation and
// tables in arrival order, it answers from the rules, the action queue and a seeded
// generator, so a seed and a request order always give the same decisions.
#include <ddbkit/testkit/fault_rule.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ddbkit::testkit::detail {

/// True for the operations a partial_batch action can split.
bool is_batch_operation(std::string_view operation) noexcept;

/// Thread safety: none; the proxy serialises calls.
class fault_decider {
 public:
  explicit fault_decider(std::uint64_t seed, std::vector<fault_rule> rules = {});

  /// Replaces the rules and restarts their match counts (the generator keeps its state).
  void set_rules(std::vector<fault_rule> rules);
  /// Restarts the generator from `seed`.
  void reseed(std::uint64_t seed);
  /// The next request of `operation` (empty: any) gets `action`; nullopt: forwarded as is.
  void enqueue(std::optional<fault_action> action, std::string operation);
  std::size_t queued() const noexcept { return queue_.size(); }

  /// The fault for the next request, which names `tables`; nullopt to forward it as is.
  std::optional<fault_action> decide(std::string_view operation, std::span<const std::string> tables);

 private:
  struct queued_action {
    std::optional<fault_action> action;
    std::string operation;
  };
  bool matches(const fault_rule& rule, std::string_view operation, std::span<const std::string> tables) const;
  double next_uniform();

  std::mt19937_64 generator_;
  std::vector<fault_rule> rules_;
  std::vector<std::uint64_t> match_counts_;  ///< per rule
  std::deque<queued_action> queue_;
};

}  // namespace ddbkit::testkit::detail

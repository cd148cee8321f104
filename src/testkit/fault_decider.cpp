#include "testkit/fault_decider.hpp"

#include <algorithm>
#include <utility>

namespace ddbkit::testkit {

std::string_view to_string(fault_kind kind) noexcept {
  switch (kind) {
    case fault_kind::throttle: return "throttle";
    case fault_kind::throttling: return "throttling";
    case fault_kind::internal_error: return "internal_error";
    case fault_kind::service_unavailable: return "service_unavailable";
    case fault_kind::reset_before: return "reset_before";
    case fault_kind::reset_after: return "reset_after";
    case fault_kind::delay: return "delay";
    case fault_kind::partial_batch: return "partial_batch";
  }
  return "unknown";
}

namespace detail {

bool is_batch_operation(std::string_view operation) noexcept {
  return operation == "BatchWriteItem" || operation == "BatchGetItem";
}

fault_decider::fault_decider(std::uint64_t seed, std::vector<fault_rule> rules) : generator_(seed) {
  set_rules(std::move(rules));
}

void fault_decider::set_rules(std::vector<fault_rule> rules) {
  rules_ = std::move(rules);
  match_counts_.assign(rules_.size(), 0);
}

void fault_decider::reseed(std::uint64_t seed) { generator_.seed(seed); }

void fault_decider::enqueue(std::optional<fault_action> action, std::string operation) {
  queue_.push_back({action, std::move(operation)});
}

bool fault_decider::matches(const fault_rule& rule, std::string_view operation,
                            std::span<const std::string> tables) const {
  if (!rule.operation.empty() && rule.operation != operation) return false;
  if (rule.action.kind == fault_kind::partial_batch && !is_batch_operation(operation)) return false;
  return rule.table.empty() || std::ranges::find(tables, rule.table) != tables.end();
}

double fault_decider::next_uniform() {
  // 53 random bits scaled to [0,1): the same on every standard library, unlike
  // std::uniform_real_distribution, so a seed means the same decisions everywhere.
  return static_cast<double>(generator_() >> 11) * 0x1.0p-53;
}

std::optional<fault_action> fault_decider::decide(std::string_view operation, std::span<const std::string> tables) {
  // Drawn for every request, used or not, so one rule's outcome never shifts another's.
  const double draw = next_uniform();

  std::optional<fault_action> decided;
  bool decided_yet = false;
  const auto queued = std::ranges::find_if(queue_, [&](const queued_action& q) {
    return (q.operation.empty() || q.operation == operation) &&
           !(q.action && q.action->kind == fault_kind::partial_batch && !is_batch_operation(operation));
  });
  if (queued != queue_.end()) {
    decided = queued->action;
    decided_yet = true;
    queue_.erase(queued);
  }

  double slice_end = 0.0;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const fault_rule& rule = rules_[i];
    if (!matches(rule, operation, tables)) continue;
    const std::uint64_t n = ++match_counts_[i];
    if (decided_yet) continue;
    bool fires = false;
    if (!rule.on_matches.empty()) {
      fires = std::ranges::find(rule.on_matches, n) != rule.on_matches.end();
    } else {
      const double slice_begin = slice_end;
      slice_end += std::max(rule.probability, 0.0);
      fires = draw >= slice_begin && draw < slice_end;
    }
    if (fires) {
      decided = rule.action;
      decided_yet = true;
    }
  }
  return decided;
}

}  // namespace detail
}  // namespace ddbkit::testkit

// The fault proxy's decisions: scripted, queued and seeded, as a pure function of the
// requests' order.
#include "testkit/fault_decider.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <string>
#include <vector>

namespace ddbkit::testkit {
namespace {

using detail::fault_decider;

std::optional<fault_kind> kind_of(const std::optional<fault_action>& a) {
  return a ? std::optional(a->kind) : std::nullopt;
}

std::optional<fault_kind> decide(fault_decider& d, std::string_view operation, std::vector<std::string> tables = {}) {
  return kind_of(d.decide(operation, tables));
}

TEST(fault_decider, a_scripted_rule_fires_on_exactly_the_listed_matching_requests) {
  fault_decider d(1, {{.operation = "PutItem", .action = fault_action::of(fault_kind::throttle), .on_matches = {2, 4}}});
  std::vector<std::optional<fault_kind>> seen;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(decide(d, "GetItem"), std::nullopt);  // not matching: not counted either
    seen.push_back(decide(d, "PutItem"));
  }
  const std::vector<std::optional<fault_kind>> expected{std::nullopt, fault_kind::throttle, std::nullopt,
                                                        fault_kind::throttle, std::nullopt};
  EXPECT_EQ(seen, expected);
}

TEST(fault_decider, every_matching_rule_counts_a_request_even_when_an_earlier_rule_fired) {
  fault_decider d(1, {{.action = fault_action::of(fault_kind::internal_error), .on_matches = {1}},
                      {.action = fault_action::of(fault_kind::throttle), .on_matches = {2}}});
  EXPECT_EQ(decide(d, "PutItem"), fault_kind::internal_error);
  EXPECT_EQ(decide(d, "PutItem"), fault_kind::throttle);  // the 2nd request for rule 2 as well
  EXPECT_EQ(decide(d, "PutItem"), std::nullopt);
}

TEST(fault_decider, the_first_firing_rule_wins) {
  fault_decider d(1, {{.action = fault_action::of(fault_kind::service_unavailable)},
                      {.action = fault_action::of(fault_kind::throttle)}});
  for (int i = 0; i < 10; ++i) EXPECT_EQ(decide(d, "Query"), fault_kind::service_unavailable);
}

TEST(fault_decider, a_table_rule_matches_table_name_or_batch_tables) {
  fault_decider d(1, {{.table = "orders", .action = fault_action::of(fault_kind::throttling)}});
  EXPECT_EQ(decide(d, "PutItem", {"orders"}), fault_kind::throttling);
  EXPECT_EQ(decide(d, "PutItem", {"users"}), std::nullopt);
  EXPECT_EQ(decide(d, "BatchWriteItem", {"users", "orders"}), fault_kind::throttling);
  EXPECT_EQ(decide(d, "ListTables"), std::nullopt);
}

TEST(fault_decider, a_partial_batch_rule_matches_only_batch_operations) {
  fault_decider d(1, {{.action = fault_action::partial(0.5), .on_matches = {1, 2}}});
  EXPECT_EQ(decide(d, "PutItem"), std::nullopt);  // does not match, does not count
  EXPECT_EQ(decide(d, "BatchWriteItem"), fault_kind::partial_batch);
  EXPECT_EQ(decide(d, "BatchGetItem"), fault_kind::partial_batch);
  EXPECT_EQ(decide(d, "BatchGetItem"), std::nullopt);
}

TEST(fault_decider, queued_actions_come_first_in_order_and_wait_for_their_operation) {
  fault_decider d(1, {{.action = fault_action::of(fault_kind::throttle)}});
  d.enqueue(fault_action::of(fault_kind::reset_before), "PutItem");
  d.enqueue(std::nullopt, "");
  d.enqueue(fault_action::of(fault_kind::internal_error), "");
  EXPECT_EQ(d.queued(), 3u);
  EXPECT_EQ(decide(d, "GetItem"), std::nullopt);             // the pass, not the PutItem entry
  EXPECT_EQ(decide(d, "GetItem"), fault_kind::internal_error);
  EXPECT_EQ(decide(d, "PutItem"), fault_kind::reset_before);
  EXPECT_EQ(d.queued(), 0u);
  EXPECT_EQ(decide(d, "PutItem"), fault_kind::throttle);     // the queue is empty: rules again
}

std::vector<std::optional<fault_kind>> sequence(std::uint64_t seed, int n) {
  fault_decider d(seed, {{.action = fault_action::of(fault_kind::throttle), .probability = 0.3},
                         {.action = fault_action::of(fault_kind::internal_error), .probability = 0.05},
                         {.action = fault_action::of(fault_kind::reset_before), .probability = 0.02}});
  std::vector<std::optional<fault_kind>> out;
  for (int i = 0; i < n; ++i) out.push_back(decide(d, i % 2 == 0 ? "PutItem" : "BatchWriteItem"));
  return out;
}

TEST(fault_decider, the_same_seed_gives_the_same_decisions) {
  EXPECT_EQ(sequence(42, 500), sequence(42, 500));
  EXPECT_NE(sequence(42, 500), sequence(43, 500));
}

TEST(fault_decider, reseeding_replays_the_decisions) {
  fault_decider d(7, {{.action = fault_action::of(fault_kind::throttle), .probability = 0.5}});
  std::vector<std::optional<fault_kind>> first, second;
  for (int i = 0; i < 100; ++i) first.push_back(decide(d, "PutItem"));
  d.reseed(7);
  for (int i = 0; i < 100; ++i) second.push_back(decide(d, "PutItem"));
  EXPECT_EQ(first, second);
}

TEST(fault_decider, probabilistic_rules_fire_at_their_own_rates) {
  // Slices of one draw: 30% / 5% / 2%, not 30% then 5% of the rest. With 20,000 draws the
  // standard deviation of the 30% share is 0.32%; the bounds are over 4 of them.
  const auto decisions = sequence(2024, 20000);
  auto share = [&](fault_kind k) {
    return static_cast<double>(std::ranges::count(decisions, std::optional(k))) / decisions.size();
  };
  EXPECT_NEAR(share(fault_kind::throttle), 0.30, 0.015);
  EXPECT_NEAR(share(fault_kind::internal_error), 0.05, 0.007);
  EXPECT_NEAR(share(fault_kind::reset_before), 0.02, 0.005);
}

TEST(fault_decider, a_rule_with_probability_zero_never_fires_and_one_always_does) {
  fault_decider never(5, {{.action = fault_action::of(fault_kind::throttle), .probability = 0.0}});
  fault_decider always(5, {{.action = fault_action::of(fault_kind::throttle), .probability = 1.0}});
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(decide(never, "PutItem"), std::nullopt);
    EXPECT_EQ(decide(always, "PutItem"), fault_kind::throttle);
  }
}

TEST(fault_decider, replacing_the_rules_restarts_their_counts) {
  fault_decider d(1, {{.action = fault_action::of(fault_kind::throttle), .on_matches = {1}}});
  EXPECT_EQ(decide(d, "PutItem"), fault_kind::throttle);
  EXPECT_EQ(decide(d, "PutItem"), std::nullopt);
  d.set_rules({{.action = fault_action::of(fault_kind::throttle), .on_matches = {1}}});
  EXPECT_EQ(decide(d, "PutItem"), fault_kind::throttle);
}

TEST(fault_kind_names, are_stable) {
  EXPECT_EQ(to_string(fault_kind::throttle), "throttle");
  EXPECT_EQ(to_string(fault_kind::reset_after), "reset_after");
  EXPECT_EQ(to_string(fault_kind::partial_batch), "partial_batch");
}

}  // namespace
}  // namespace ddbkit::testkit

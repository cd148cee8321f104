#include <ddbkit/cancellation_reason.hpp>
#include <ddbkit/error.hpp>

#include "error_builder.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

namespace ddbkit {
namespace {

error canceled_with(std::vector<std::string> codes) {
  std::vector<cancellation_reason> reasons;
  for (auto& c : codes) reasons.push_back({.code = c, .message = {}, .item = std::nullopt});
  error e(error_code::transaction_canceled, "canceled");
  detail::error_builder(e).cancellation_reasons(std::move(reasons));
  return e;
}

TEST(error, copies_are_independent_after_a_change) {
  error a(error_code::throttled, "slow down");
  detail::error_builder(a).request_id("r1");
  error b = a;
  detail::error_builder(b).request_id("r2").attempts(3);
  EXPECT_EQ(a.request_id(), "r1");
  EXPECT_EQ(a.attempts(), 0);
  EXPECT_EQ(b.request_id(), "r2");
  EXPECT_EQ(b.attempts(), 3);
}

TEST(error, retryable_follows_the_design_rules) {
  for (auto code : {error_code::throttled, error_code::request_limit_exceeded, error_code::transaction_in_progress,
                    error_code::transaction_conflict, error_code::limit_exceeded, error_code::service_unavailable,
                    error_code::internal_server_error, error_code::network, error_code::timeout}) {
    EXPECT_TRUE(error(code, "").retryable()) << to_string(code);
  }
  for (auto code : {error_code::validation, error_code::conditional_check_failed, error_code::resource_not_found,
                    error_code::idempotent_parameter_mismatch, error_code::access_denied,
                    error_code::unrecognized_client, error_code::serialization, error_code::credentials,
                    error_code::canceled, error_code::circuit_open, error_code::blocking_call_on_io_thread}) {
    EXPECT_FALSE(error(code, "").retryable()) << to_string(code);
  }
}

TEST(error, a_request_that_may_have_been_applied_is_not_retryable_by_itself) {
  for (auto code : {error_code::network, error_code::timeout, error_code::crc_mismatch}) {
    error e(code, "sent, then lost");
    detail::error_builder(e).outcome_unknown();
    EXPECT_FALSE(e.retryable()) << to_string(code);
  }
}

TEST(error, canceled_transaction_is_retryable_only_for_conflicts_and_throttles) {
  EXPECT_TRUE(canceled_with({"None", "TransactionConflict"}).retryable());
  EXPECT_TRUE(canceled_with({"ThrottlingError", "None"}).retryable());
  EXPECT_FALSE(canceled_with({"None", "ConditionalCheckFailed"}).retryable());
  EXPECT_FALSE(canceled_with({"TransactionConflict", "ConditionalCheckFailed"}).retryable());
  EXPECT_FALSE(canceled_with({}).retryable());
  EXPECT_FALSE(canceled_with({"None", "None"}).retryable());
}

TEST(error, validation_names_the_field) {
  auto e = error::validation("PutItem.Item.price", "not a number");
  EXPECT_EQ(e.code(), error_code::validation);
  EXPECT_EQ(e.field(), "PutItem.Item.price");
  EXPECT_EQ(e.message(), "PutItem.Item.price: not a number");
}

TEST(error, prints_code_message_and_context) {
  error e(error_code::conditional_check_failed, "The conditional request failed");
  detail::error_builder(e).aws_type("ConditionalCheckFailedException").http_status(400).request_id("abc").attempts(2);
  std::ostringstream os;
  os << e;
  EXPECT_EQ(os.str(),
            "conditional_check_failed: The conditional request failed [ConditionalCheckFailedException] "
            "[HTTP 400] [request id abc] [2 attempts]");
}

TEST(error, every_code_has_a_distinct_name) {
  std::set<std::string_view> names;
  for (int c = 0; c <= static_cast<int>(error_code::unknown); ++c) {
    names.insert(to_string(static_cast<error_code>(c)));
  }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(error_code::unknown) + 1);
}

TEST(error, result_is_small) {
  // An error is a code and a shared pointer, so result<T> stays cheap to return.
  EXPECT_LE(sizeof(error), 3 * sizeof(void*));
}

TEST(error, a_code_outside_the_enumeration_reads_as_unknown_and_permanent) {
  // An error_code cast from a number that names no code (a newer peer, a corrupted value).
  const auto stray = static_cast<error_code>(static_cast<int>(error_code::unknown) + 7);
  EXPECT_EQ(to_string(stray), "unknown");
  EXPECT_EQ(classify(error(stray, "?")), failure_class::permanent);
  EXPECT_FALSE(error(stray, "?").retryable());
}

TEST(error, every_failure_class_has_its_name_and_a_stray_one_reads_as_permanent) {
  EXPECT_EQ(to_string(failure_class::throttle), "throttle");
  EXPECT_EQ(to_string(failure_class::transient), "transient");
  EXPECT_EQ(to_string(failure_class::conflict), "conflict");
  EXPECT_EQ(to_string(failure_class::permanent), "permanent");
  EXPECT_EQ(to_string(static_cast<failure_class>(42)), "permanent");
}

TEST(error, predicates_name_the_conditions_callers_act_on) {
  EXPECT_TRUE(error(error_code::conditional_check_failed, "").is_condition_failed());
  EXPECT_TRUE(error(error_code::transaction_canceled, "").is_transaction_canceled());
  EXPECT_TRUE(error(error_code::validation, "").is_validation());
  EXPECT_TRUE(error(error_code::resource_not_found, "").is_not_found());
  EXPECT_TRUE(error(error_code::canceled, "").is_canceled());
  EXPECT_TRUE(error(error_code::throttled, "").is_throttling());
  EXPECT_TRUE(error(error_code::request_limit_exceeded, "").is_throttling());
  for (auto code : {error_code::conditional_check_failed, error_code::validation, error_code::limit_exceeded}) {
    const error e(code, "");
    EXPECT_FALSE(e.is_throttling()) << to_string(code);
    EXPECT_FALSE(e.is_transaction_canceled()) << to_string(code);
    EXPECT_FALSE(e.is_not_found()) << to_string(code);
    EXPECT_FALSE(e.is_canceled()) << to_string(code);
  }
  EXPECT_FALSE(error(error_code::validation, "").is_condition_failed());
  EXPECT_FALSE(error(error_code::conditional_check_failed, "").is_validation());
}

TEST(error, the_builder_rewrites_and_explains_the_message_and_prints_an_unknown_outcome) {
  error e(error_code::network, "connection reset");
  const error before = e;
  detail::error_builder(e).message("reset by peer").explain("after 3 s").field("Item").outcome_unknown();
  EXPECT_EQ(e.message(), "reset by peer (after 3 s)");
  EXPECT_EQ(e.field(), "Item");
  EXPECT_EQ(before.message(), "connection reset") << "a copy made before keeps its own";
  std::ostringstream os;
  os << e;
  EXPECT_EQ(os.str(), "network: reset by peer (after 3 s) [outcome unknown]");
  EXPECT_EQ(detail::error_builder(e).attempts(4).get().attempts(), 4);
}

}  // namespace
}  // namespace ddbkit

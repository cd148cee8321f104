#pragma once
// Internal: checks of DESIGN.md's limits on requests, shared by the operations. Each
// returns a `validation` error naming the field, e.g. "PutItem.TableName".
#include <ddbkit/error.hpp>
#include <ddbkit/model/common.hpp>
#include <ddbkit/model/request_defaults.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ddbkit::detail {

inline constexpr std::size_t max_batch_write_requests = 25;
inline constexpr std::size_t max_batch_get_keys = 100;
inline constexpr std::size_t max_transaction_actions = 100;
inline constexpr std::size_t max_batch_write_bytes = 16 * 1024 * 1024;
inline constexpr std::size_t max_transaction_bytes = 4 * 1024 * 1024;
inline constexpr std::size_t max_statement_length = 8192;  ///< PartiQL, in characters
inline constexpr std::size_t max_batch_statements = 25;
inline constexpr std::size_t max_next_token_length = 32768;  ///< in characters

result<void> check_table_name(std::string_view name, std::string_view field);
result<void> check_key(const item& key, std::string_view field);
result<void> check_item(const item& i, std::string_view field);
/// An expression, when set, is not empty and ≤ 4 KB.
result<void> check_expression(const std::optional<std::string>& expression, std::string_view field);
/// A required expression is not empty and ≤ 4 KB.
result<void> check_expression(const std::string& expression, std::string_view field);
result<void> check_names(const expression_names& names, std::string_view field);
result<void> check_values(const item& values, std::string_view field);
result<void> check_limit(const std::optional<int>& limit, std::string_view field);
result<void> check_client_request_token(std::optional<std::string_view> token, std::string_view field);

/// The ClientRequestToken a transaction sends: its own when set and not empty, else the
/// client's default when it has one, else its own (so that an empty one is refused).
std::optional<std::string_view> request_token(const std::optional<std::string>& own, const request_defaults& defaults);
/// Capacity units, when set, are at least 1.
result<void> check_throughput(const std::optional<provisioned_throughput>& t, std::string_view field);
/// ExclusiveStartKey: a page's LastEvaluatedKey, handed back. It may hold the index key
/// attributes besides the table's, so only its values are checked, not its size.
result<void> check_start_key(const std::optional<item>& key, std::string_view field);
/// A list of `n` entries holds 1 to `max` of them ("must hold 1 to 25 statements, has 26").
result<void> check_count(std::size_t n, std::size_t max, std::string_view field, std::string_view what);
/// Text of 1 to `max` characters (Unicode code points of UTF-8, as AWS counts lengths).
result<void> check_length(std::string_view text, std::size_t max, std::string_view field);
/// "field[i]": the field name of a list's i-th entry.
std::string indexed(std::string_view field, std::size_t i);
/// A set `condition` is a refusal of `field` with `message`.
result<void> refuse_if(bool condition, std::string_view field, std::string message);

/// What one write (or read) of a batch or transaction touches: a key, or a whole item (a
/// put) whose key attributes are not known at this layer.
struct write_target {
  std::string_view table;
  const item* value = nullptr;
  bool is_whole_item = false;
};

/// The index of the first target that touches the same item as an earlier one, without
/// knowing the key schema. Certain matches only: keys are compared exactly (numerically for
/// N); a put matches a key of its table when it holds that key's attributes with equal
/// values; two puts match when equal, or equal on the attributes of a key seen in their
/// table (a key holds exactly the schema's attributes). Quadratic in comparisons of
/// fingerprints (whole items are compared only when theirs are equal), which for DynamoDB's
/// at most 100 targets is cheaper than hashing encodings.
std::optional<std::size_t> first_same_target(std::span<const write_target> targets);

/// Runs checks in order and stops at the first failure:
///   if (auto r = first_failure(check_a(...), check_b(...)); !r) return r.error();
/// (every check is cheap, so evaluating all arguments first costs little.)
template <class... Results>
result<void> first_failure(const Results&... results) {
  result<void> out;
  ((out = out ? results : out), ...);
  return out;
}

/// The expression fields common to item operations.
struct expression_fields {
  const std::optional<std::string>* condition = nullptr;
  const std::optional<std::string>* update = nullptr;
  const std::optional<std::string>* projection = nullptr;
  const std::optional<std::string>* key_condition = nullptr;
  const std::optional<std::string>* filter = nullptr;
  const expression_names* names = nullptr;
  const item* values = nullptr;
};
result<void> check_expressions(const expression_fields& e, const std::string& op);

}  // namespace ddbkit::detail

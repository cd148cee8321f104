#pragma once
// Internal: checks of DESIGN.md's limits on requests, shared by the operations. Each
// returns a `validation` error naming the field, e.g. "PutItem.TableName".
#include <ddbkit/error.hpp>
#include <ddbkit/model/common.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace ddbkit::detail {

inline constexpr std::size_t max_expression_size = 4096;
inline constexpr std::size_t max_placeholder_size = 255;
inline constexpr std::size_t max_batch_write_requests = 25;
inline constexpr std::size_t max_batch_get_keys = 100;
inline constexpr std::size_t max_transaction_actions = 100;
inline constexpr std::size_t max_batch_write_bytes = 16 * 1024 * 1024;
inline constexpr std::size_t max_transaction_bytes = 4 * 1024 * 1024;

result<void> check_table_name(std::string_view name, const std::string& field);
result<void> check_key(const item& key, const std::string& field);
result<void> check_item(const item& i, const std::string& field);
result<void> check_expression(const std::optional<std::string>& expression, const std::string& field);
result<void> check_names(const expression_names& names, const std::string& field);
result<void> check_values(const item& values, const std::string& field);
result<void> check_limit(const std::optional<int>& limit, const std::string& field);
result<void> check_client_request_token(const std::optional<std::string>& token, const std::string& field);

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

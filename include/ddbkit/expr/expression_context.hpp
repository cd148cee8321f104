#pragma once
// The placeholder table of one request, shared by all of its expressions.
#include <ddbkit/error.hpp>
#include <ddbkit/value/attribute_value.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace ddbkit::expr {

class condition;
class key_condition;
class update;
class projection_list;

/// Renders the expressions of ONE request and collects their placeholders, so that a
/// key condition, filter, projection, condition and update can be combined without
/// clashes:
///
///     expression_context ctx;
///     auto keys = ctx.key_condition_expression(key("pk") == "u#1");
///     auto filter = ctx.filter_expression(path("status") == "open");
///     if (!keys || !filter) return …;  // a validation error naming the expression
///     query_input in{.table_name = "t", .key_condition_expression = *keys,
///                    .filter_expression = *filter, .expression_attribute_names = ctx.names(),
///                    .expression_attribute_values = ctx.values()};
///
/// A name used twice gets one placeholder ("#_n0"); every literal value gets a fresh one
/// (":_v0", ":_v1", …). A render that fails leaves the context as it was, so the tables
/// hold exactly the placeholders of the expressions rendered successfully: put every one of
/// them in the request, since DynamoDB refuses unused placeholders.
/// Errors are `validation`, their field naming the expression ("ConditionExpression", …).
/// Thread safety: not safe to share between threads while rendering.
class expression_context {
 public:
  /// The same type as the request structs' `expression_attribute_names`.
  using names_type = std::map<std::string, std::string, std::less<>>;

  // Each renders one expression for the request field of the same name, or fails with a
  // `validation` error naming that field (and leaves the tables unchanged).
  result<std::string> condition_expression(const condition& c);
  result<std::string> filter_expression(const condition& c);
  result<std::string> key_condition_expression(const key_condition& k);
  result<std::string> update_expression(const update& u);
  result<std::string> projection_expression(const projection_list& p);

  /// Adds a caller-written expression with the caller's own placeholders ("#x", ":y"),
  /// returning it unchanged. Refused (`validation`, field `field`) when a placeholder is
  /// malformed or longer than 255 bytes, when one the expression uses is not defined, or
  /// when one is already defined with a different name or value: a placeholder is never
  /// overwritten. Later generated placeholders avoid the caller's.
  result<std::string> raw(std::string_view field, std::string expression, const names_type& names = {},
                          const item& values = {});

  /// "#placeholder" → attribute name, for `expression_attribute_names`.
  const names_type& names() const noexcept { return names_; }
  /// ":placeholder" → value, for `expression_attribute_values`.
  const item& values() const noexcept { return values_; }

 private:
  names_type names_;
  item values_;
  std::map<std::string, std::string, std::less<>> placeholder_of_name_;
  std::size_t next_name_ = 0;
  std::size_t next_value_ = 0;
};

}  // namespace ddbkit::expr

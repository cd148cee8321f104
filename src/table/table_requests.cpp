#include <ddbkit/expr/expression_context.hpp>
#include <ddbkit/table/table_requests.hpp>

namespace ddbkit {
namespace {

using expr::expression_context;

/// Renders `c` into `target` when it is not empty.
result<void> render_condition(expression_context& ctx, const expr::condition& c, bool filter,
                              std::optional<std::string>& target) {
  if (c.empty()) return {};
  auto rendered = filter ? ctx.filter_expression(c) : ctx.condition_expression(c);
  if (!rendered) return std::unexpected(rendered.error());
  target = std::move(*rendered);
  return {};
}

result<void> render_projection(expression_context& ctx, const expr::projection_list& p,
                               std::optional<std::string>& target) {
  if (p.empty()) return {};
  auto rendered = ctx.projection_expression(p);
  if (!rendered) return std::unexpected(rendered.error());
  target = std::move(*rendered);
  return {};
}

std::optional<return_values_on_condition_check_failure> old_item_if(bool wanted) {
  if (!wanted) return std::nullopt;
  return return_values_on_condition_check_failure::all_old;
}

/// The key schema a read uses: the table's, or its index's; an unknown index is refused.
result<const index_schema*> index_of(const table_ref& table, const std::string& index, std::string_view operation) {
  if (index.empty()) return nullptr;
  const auto* found = table.schema.index(index);
  if (found == nullptr) {
    return std::unexpected(error::validation(std::string(operation) + ".IndexName",
                                             "table " + table.name + " has no index " + index));
  }
  return found;
}

/// What Query and Scan share: the index (checked), consistency, page size, Select, start
/// key, filter and projection, rendered into `ctx` after what the caller put there.
template <class Request, class Input>
result<void> fill_read(const table_ref& table, const Request& request, std::string_view operation,
                       std::optional<item> start, expression_context& ctx, Input& in) {
  auto index = index_of(table, request.index, operation);
  if (!index) return std::unexpected(index.error());
  if (request.consistent_read && *index != nullptr && (*index)->global) {
    return std::unexpected(error::validation(std::string(operation) + ".ConsistentRead",
                                             "global secondary index " + request.index +
                                                 " has no strongly consistent reads"));
  }
  in.limit = request.page_size;
  in.consistent_read = request.consistent_read;
  in.exclusive_start_key = std::move(start);
  if (!request.index.empty()) in.index_name = request.index;
  if (request.count_only) in.select = select::count;
  if (auto ok = render_condition(ctx, request.filter, true, in.filter_expression); !ok) return ok;
  if (auto ok = render_projection(ctx, request.projection, in.projection_expression); !ok) return ok;
  in.expression_attribute_names = ctx.names();
  in.expression_attribute_values = ctx.values();
  return {};
}

}  // namespace

result<get_item_input> make_get(const table_ref& table, const key& k, const get_options& options) {
  auto keys = table.schema.keys.to_item(k);
  if (!keys) return std::unexpected(keys.error());
  get_item_input in{.table_name = table.name, .key = std::move(*keys), .consistent_read = options.consistent_read};
  expression_context ctx;
  if (auto ok = render_projection(ctx, options.projection, in.projection_expression); !ok) {
    return std::unexpected(ok.error());
  }
  in.expression_attribute_names = ctx.names();
  return in;
}

result<put_item_input> make_put(const table_ref& table, item value, const write_options& options) {
  // The key attributes must be there, and be keys: refused here with the key's name.
  if (auto k = table.schema.keys.key_of(value); !k) return std::unexpected(k.error());
  put_item_input in{.table_name = table.name, .item = std::move(value)};
  expression_context ctx;
  if (auto ok = render_condition(ctx, options.condition, false, in.condition_expression); !ok) {
    return std::unexpected(ok.error());
  }
  in.expression_attribute_names = ctx.names();
  in.expression_attribute_values = ctx.values();
  in.return_values_on_condition_check_failure = old_item_if(options.old_item_on_condition_failure);
  return in;
}

result<update_item_input> make_update(const table_ref& table, const key& k, const expr::update& change,
                                      const update_options& options) {
  auto keys = table.schema.keys.to_item(k);
  if (!keys) return std::unexpected(keys.error());
  update_item_input in{.table_name = table.name, .key = std::move(*keys)};
  expression_context ctx;
  auto rendered = ctx.update_expression(change);
  if (!rendered) return std::unexpected(rendered.error());
  in.update_expression = std::move(*rendered);
  if (auto ok = render_condition(ctx, options.condition, false, in.condition_expression); !ok) {
    return std::unexpected(ok.error());
  }
  in.expression_attribute_names = ctx.names();
  in.expression_attribute_values = ctx.values();
  switch (options.returns) {
    case returned::nothing: break;
    case returned::old_item: in.return_values = return_values::all_old; break;
    case returned::new_item: in.return_values = return_values::all_new; break;
    case returned::updated_old: in.return_values = return_values::updated_old; break;
    case returned::updated_new: in.return_values = return_values::updated_new; break;
  }
  in.return_values_on_condition_check_failure = old_item_if(options.old_item_on_condition_failure);
  return in;
}

result<delete_item_input> make_delete(const table_ref& table, const key& k, const write_options& options) {
  auto keys = table.schema.keys.to_item(k);
  if (!keys) return std::unexpected(keys.error());
  delete_item_input in{.table_name = table.name, .key = std::move(*keys)};
  expression_context ctx;
  if (auto ok = render_condition(ctx, options.condition, false, in.condition_expression); !ok) {
    return std::unexpected(ok.error());
  }
  in.expression_attribute_names = ctx.names();
  in.expression_attribute_values = ctx.values();
  in.return_values_on_condition_check_failure = old_item_if(options.old_item_on_condition_failure);
  return in;
}

result<query_input> make_query(const table_ref& table, const query_request& request, std::optional<item> start) {
  query_input in{.table_name = table.name, .scan_index_forward = !request.descending};
  expression_context ctx;
  auto keys = ctx.key_condition_expression(request.key_condition);
  if (!keys) return std::unexpected(keys.error());
  in.key_condition_expression = std::move(*keys);
  if (auto ok = fill_read(table, request, "Query", std::move(start), ctx, in); !ok) return std::unexpected(ok.error());
  return in;
}

result<scan_input> make_scan(const table_ref& table, const scan_request& request, std::optional<item> start) {
  scan_input in{.table_name = table.name, .segment = request.segment, .total_segments = request.total_segments};
  expression_context ctx;
  if (auto ok = fill_read(table, request, "Scan", std::move(start), ctx, in); !ok) return std::unexpected(ok.error());
  return in;
}

}  // namespace ddbkit

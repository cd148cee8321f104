// `get`, `put`, `update`, `delete`: one item each, expressions as text with --names and
// --values as `aws dynamodb` takes them; items and keys as DynamoDB-JSON or plain JSON.
#include "commands.hpp"
#include "expression_options.hpp"
#include "json_arguments.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <map>
#include <memory>

namespace ddbkit::cli {
namespace {

struct item_settings {
  std::string table;
  std::string item;  ///< put
  std::string key;   ///< get, update, delete
  std::string update_expression;
  std::string condition;
  std::string projection;
  expression_options expressions;
  std::string returns = "none";  ///< a key of every_return
  bool consistent = false;
};

/// --return's spellings; a put or delete can only return the old item.
const std::map<std::string, return_values> every_return{{"none", return_values::none},
                                                        {"all-old", return_values::all_old},
                                                        {"updated-old", return_values::updated_old},
                                                        {"all-new", return_values::all_new},
                                                        {"updated-new", return_values::updated_new}};
const std::map<std::string, return_values> old_item_return{{"none", return_values::none},
                                                           {"all-old", return_values::all_old}};

std::optional<std::string> unless_empty(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

/// A write's ReturnValues: left out of the request unless something is asked for.
std::optional<return_values> returned(const std::string& spelling) {
  const auto r = every_return.at(spelling);  // --return's check allowed only these
  return r == return_values::none ? std::nullopt : std::optional<return_values>(r);
}

void add_table_option(CLI::App& command, item_settings& s) {
  command.add_option("--table", s.table, "table name")->required();
}

void add_condition_option(CLI::App& command, item_settings& s) {
  command.add_option("--condition", s.condition,
                     "condition expression; the write is refused (exit 1, ConditionalCheckFailedException) "
                     "when it is false, e.g. 'attribute_not_exists(pk)'");
}

void add_return_option(CLI::App& command, item_settings& s, const std::map<std::string, return_values>& choices) {
  std::string names;
  std::vector<std::string> allowed;
  for (const auto& [name, value] : choices) {
    names += (names.empty() ? "" : "|") + name;
    allowed.push_back(name);
  }
  command.add_option("--return", s.returns, "attributes to print: " + names + " (default none)")
      ->check(CLI::IsMember(allowed));
}

outcome<void> print_attributes(const global_options& global, const write_item_output& written) {
  if (!written.attributes) return {};
  print_item_document(choose_format(global.output, output_shape::single), std::cout, "Attributes", written.attributes);
  return {};
}

/// The JSON arguments of an item command: its item or key, then its placeholders, all read
/// and checked before anything is sent.
struct item_inputs {
  item attributes;
  expression_attributes expressions;
};

outcome<item_inputs> read_inputs(std::string_view option, const std::string& argument, const expression_options& options) {
  json_arguments arguments(std::cin);
  auto attributes = arguments.attributes(option, argument);
  if (!attributes) return std::unexpected(std::move(attributes.error()));
  auto expressions = read_expression_attributes(arguments, options);
  if (!expressions) return std::unexpected(std::move(expressions.error()));
  return item_inputs{std::move(*attributes), std::move(*expressions)};
}

outcome<void> get(client& ddb, const global_options& global, const item_settings& s) {
  auto inputs = read_inputs("--key", s.key, s.expressions);
  if (!inputs) return std::unexpected(std::move(inputs.error()));
  auto got = ddb.get_item({.table_name = s.table,
                           .key = std::move(inputs->attributes),
                           .consistent_read = s.consistent,
                           .projection_expression = unless_empty(s.projection),
                           .expression_attribute_names = std::move(inputs->expressions.names)});
  if (!got) return std::unexpected(failed(got.error()));
  print_item_document(choose_format(global.output, output_shape::single), std::cout, "Item", got->item);
  return {};
}

outcome<void> put(client& ddb, const global_options& global, const item_settings& s) {
  auto inputs = read_inputs("--item", s.item, s.expressions);
  if (!inputs) return std::unexpected(std::move(inputs.error()));
  auto put = ddb.put_item({.table_name = s.table,
                           .item = std::move(inputs->attributes),
                           .condition_expression = unless_empty(s.condition),
                           .expression_attribute_names = std::move(inputs->expressions.names),
                           .expression_attribute_values = std::move(inputs->expressions.values),
                           .return_values = returned(s.returns)});
  if (!put) return std::unexpected(failed(put.error()));
  return print_attributes(global, *put);
}

outcome<void> update(client& ddb, const global_options& global, const item_settings& s) {
  auto inputs = read_inputs("--key", s.key, s.expressions);
  if (!inputs) return std::unexpected(std::move(inputs.error()));
  auto updated = ddb.update_item({.table_name = s.table,
                                  .key = std::move(inputs->attributes),
                                  .update_expression = s.update_expression,
                                  .condition_expression = unless_empty(s.condition),
                                  .expression_attribute_names = std::move(inputs->expressions.names),
                                  .expression_attribute_values = std::move(inputs->expressions.values),
                                  .return_values = returned(s.returns)});
  if (!updated) return std::unexpected(failed(updated.error()));
  return print_attributes(global, *updated);
}

outcome<void> remove(client& ddb, const global_options& global, const item_settings& s) {
  auto inputs = read_inputs("--key", s.key, s.expressions);
  if (!inputs) return std::unexpected(std::move(inputs.error()));
  auto deleted = ddb.delete_item({.table_name = s.table,
                                  .key = std::move(inputs->attributes),
                                  .condition_expression = unless_empty(s.condition),
                                  .expression_attribute_names = std::move(inputs->expressions.names),
                                  .expression_attribute_values = std::move(inputs->expressions.values),
                                  .return_values = returned(s.returns)});
  if (!deleted) return std::unexpected(failed(deleted.error()));
  return print_attributes(global, *deleted);
}

constexpr const char* json_forms = "(DynamoDB-JSON or plain JSON; file://PATH or - for standard input)";

}  // namespace

void add_item_commands(CLI::App& app, const global_options& global, client_action& chosen) {
  using namespace std::string_literals;
  auto s = std::make_shared<item_settings>();

  auto* get_command = app.add_subcommand("get", "read one item by its key; prints {\"Item\":...} ({} when there is none)");
  add_table_option(*get_command, *s);
  get_command->add_option("--key", s->key, "the key, e.g. '{\"pk\":\"a\"}' "s + json_forms)->required();
  get_command->add_flag("--consistent", s->consistent, "strongly consistent read");
  get_command->add_option("--projection", s->projection, "attributes to read, e.g. 'pk, #s' (default: all)");
  get_command->add_option("--names", s->expressions.names, "expression attribute names for --projection");
  get_command->callback([&global, &chosen, s] { chosen = [&global, s](client& ddb) { return get(ddb, global, *s); }; });

  auto* put_command = app.add_subcommand("put", "write one item, replacing any item with its key");
  add_table_option(*put_command, *s);
  put_command->add_option("--item", s->item, "the item, e.g. '{\"pk\":\"a\",\"n\":1}' "s + json_forms)->required();
  add_condition_option(*put_command, *s);
  s->expressions.add_to(*put_command);
  add_return_option(*put_command, *s, old_item_return);
  put_command->callback([&global, &chosen, s] { chosen = [&global, s](client& ddb) { return put(ddb, global, *s); }; });

  auto* update_command = app.add_subcommand("update", "change attributes of one item (created when absent)");
  add_table_option(*update_command, *s);
  update_command->add_option("--key", s->key, "the key "s + json_forms)->required();
  update_command->add_option("--update-expression", s->update_expression, "e.g. 'SET n = n + :one REMOVE old'")
      ->required();
  add_condition_option(*update_command, *s);
  s->expressions.add_to(*update_command);
  add_return_option(*update_command, *s, every_return);
  update_command->callback(
      [&global, &chosen, s] { chosen = [&global, s](client& ddb) { return update(ddb, global, *s); }; });

  auto* delete_command = app.add_subcommand("delete", "delete one item by its key");
  add_table_option(*delete_command, *s);
  delete_command->add_option("--key", s->key, "the key "s + json_forms)->required();
  add_condition_option(*delete_command, *s);
  s->expressions.add_to(*delete_command);
  add_return_option(*delete_command, *s, old_item_return);
  delete_command->callback(
      [&global, &chosen, s] { chosen = [&global, s](client& ddb) { return remove(ddb, global, *s); }; });
}

}  // namespace ddbkit::cli

// `tables list|describe|create|delete|wait`.
#include "commands.hpp"
#include "described_table.hpp"
#include "key_specs.hpp"
#include "table_description_output.hpp"
#include "text_table.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace ddbkit::cli {
namespace {

struct table_settings {
  std::string table;
  std::string partition_key;
  std::string sort_key;
  std::vector<std::string> global_indexes;
  std::vector<std::string> local_indexes;
  std::string billing = "on-demand";  ///< or "provisioned"
  std::int64_t read_capacity = 5;
  std::int64_t write_capacity = 5;
  std::string ttl_attribute;
  bool no_wait = false;
  bool until_deleted = false;
};

outcome<void> list(client& ddb, const global_options& global) {
  std::vector<std::string> names;
  list_tables_input in;
  do {
    auto page = ddb.list_tables(in);
    if (!page) return std::unexpected(failed(page.error()));
    names.insert(names.end(), page->table_names.begin(), page->table_names.end());
    in.exclusive_start_table_name = page->last_evaluated_table_name;
  } while (in.exclusive_start_table_name);
  switch (choose_format(global.output, output_shape::stream)) {
    case output_format::table: {
      std::vector<std::vector<std::string>> rows;
      for (const auto& name : names) rows.push_back({name});
      print_aligned(std::cout, {"TableName"}, rows);
      break;
    }
    case output_format::jsonl:
      // Table names are [a-zA-Z0-9_.-]: nothing to escape.
      for (const auto& name : names) std::cout << '"' << name << "\"\n";
      break;
    case output_format::json: {
      std::cout << R"({"TableNames":[)";
      for (std::size_t i = 0; i < names.size(); ++i) std::cout << (i > 0 ? "," : "") << '"' << names[i] << '"';
      std::cout << "]}\n";
      break;
    }
  }
  return {};
}

/// Prints `table`'s description with its TTL setting (DescribeTimeToLive).
outcome<void> print_description(client& ddb, const global_options& global, const table_description& table) {
  auto ttl = ddb.describe_time_to_live({.table_name = table.table_name});
  if (!ttl) return std::unexpected(failed(ttl.error()));
  print_table_description(choose_format(global.output, output_shape::single), std::cout, table,
                          ttl->time_to_live_description);
  return {};
}

outcome<void> describe(client& ddb, const global_options& global, const table_settings& s) {
  auto described = describe_table(ddb, s.table);
  if (!described) return std::unexpected(std::move(described.error()));
  return print_description(ddb, global, *described);
}

outcome<create_table_input> creation_request(const table_settings& s) {
  auto partition = parse_key_attribute("--partition-key", s.partition_key);
  if (!partition) return std::unexpected(std::move(partition.error()));
  std::optional<key_attribute> sort;
  if (!s.sort_key.empty()) {
    auto parsed = parse_key_attribute("--sort-key", s.sort_key);
    if (!parsed) return std::unexpected(std::move(parsed.error()));
    sort = std::move(*parsed);
  }
  std::vector<index_spec> global_indexes, local_indexes;
  for (const auto& text : s.global_indexes) {
    auto index = parse_global_index(text);
    if (!index) return std::unexpected(std::move(index.error()));
    global_indexes.push_back(std::move(*index));
  }
  for (const auto& text : s.local_indexes) {
    auto index = parse_local_index(text, *partition);
    if (!index) return std::unexpected(std::move(index.error()));
    local_indexes.push_back(std::move(*index));
  }
  auto in = table_definition(s.table, *partition, sort, global_indexes, local_indexes);
  if (!in) return in;
  const bool provisioned = s.billing == "provisioned";
  in->billing_mode = provisioned ? billing_mode::provisioned : billing_mode::pay_per_request;
  if (provisioned) {
    const provisioned_throughput capacity{.read_capacity_units = s.read_capacity, .write_capacity_units = s.write_capacity};
    in->provisioned_throughput = capacity;
    for (auto& index : in->global_secondary_indexes) index.provisioned_throughput = capacity;
  }
  return in;
}

outcome<void> create(client& ddb, const global_options& global, const table_settings& s) {
  auto in = creation_request(s);
  if (!in) return std::unexpected(std::move(in.error()));
  auto created = ddb.create_table(*in);
  if (!created) return std::unexpected(failed(created.error()));
  if (s.no_wait) return print_description(ddb, global, *created->table);
  auto active = ddb.wait_until_active(s.table);
  if (!active) return std::unexpected(failed(active.error()));
  if (!s.ttl_attribute.empty()) {
    auto ttl = ddb.update_time_to_live(
        {.table_name = s.table, .time_to_live_specification = {.enabled = true, .attribute_name = s.ttl_attribute}});
    if (!ttl) return std::unexpected(failed(ttl.error()));
  }
  return print_description(ddb, global, *active->table);
}

outcome<void> remove(client& ddb, const global_options& global, const table_settings& s) {
  auto deleted = ddb.delete_table({.table_name = s.table});
  if (!deleted) return std::unexpected(failed(deleted.error()));
  if (deleted->table) {
    print_table_description(choose_format(global.output, output_shape::single), std::cout, *deleted->table,
                            std::nullopt);
  }
  return {};
}

outcome<void> wait(client& ddb, const global_options& global, const table_settings& s) {
  if (s.until_deleted) {
    auto gone = ddb.wait_until_deleted(s.table);
    return gone ? outcome<void>{} : std::unexpected(failed(gone.error()));
  }
  auto active = ddb.wait_until_active(s.table);
  if (!active) return std::unexpected(failed(active.error()));
  return print_description(ddb, global, *active->table);
}

}  // namespace

void add_table_commands(CLI::App& app, const global_options& global, client_action& chosen) {
  auto s = std::make_shared<table_settings>();
  auto* tables = app.add_subcommand("tables", "list, describe, create, delete tables, or wait for one");
  tables->require_subcommand(1);
  auto on_choice = [&global, &chosen, s](outcome<void> (*run)(client&, const global_options&, const table_settings&)) {
    return [&global, &chosen, s, run] { chosen = [&global, s, run](client& ddb) { return run(ddb, global, *s); }; };
  };

  tables->add_subcommand("list", "list the tables' names")->callback([&global, &chosen] {
    chosen = [&global](client& ddb) { return list(ddb, global); };
  });

  auto* describe_command = tables->add_subcommand("describe", "print a table's keys, indexes, billing, size and TTL");
  describe_command->add_option("--table", s->table, "table name")->required();
  describe_command->callback(on_choice(describe));

  auto* create_command = tables->add_subcommand(
      "create", "create a table, wait until it is ACTIVE (unless --no-wait), and print its description");
  create_command->add_option("--table", s->table, "table name")->required();
  create_command->add_option("--partition-key", s->partition_key, "NAME[:S|N|B] (type S when not given)")->required();
  create_command->add_option("--sort-key", s->sort_key, "NAME[:S|N|B]");
  create_command->add_option("--gsi", s->global_indexes,
                             "global secondary index INDEX:PK[:TYPE][,SK[:TYPE]] projecting all attributes; "
                             "repeatable");
  create_command->add_option("--lsi", s->local_indexes,
                             "local secondary index INDEX:SK[:TYPE] projecting all attributes; repeatable");
  create_command
      ->add_option("--billing", s->billing, "on-demand (default) or provisioned (with --rcu and --wcu)")
      ->check(CLI::IsMember({"on-demand", "provisioned"}));
  create_command->add_option("--rcu", s->read_capacity, "read capacity units of a provisioned table and its GSIs (default 5)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{40000}));
  create_command->add_option("--wcu", s->write_capacity, "write capacity units of a provisioned table and its GSIs (default 5)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{40000}));
  auto* ttl = create_command->add_option("--ttl-attribute", s->ttl_attribute,
                                         "enable TTL on this Number attribute (epoch seconds) once the table is ACTIVE");
  create_command->add_flag("--no-wait", s->no_wait, "return at once, the table still CREATING")->excludes(ttl);
  create_command->callback(on_choice(create));

  auto* delete_command = tables->add_subcommand("delete", "delete a table (it is DELETING until gone; see wait --deleted)");
  delete_command->add_option("--table", s->table, "table name")->required();
  delete_command->callback(on_choice(remove));

  auto* wait_command = tables->add_subcommand("wait", "wait until a table and its GSIs are ACTIVE, or until it is gone");
  wait_command->add_option("--table", s->table, "table name")->required();
  wait_command->add_flag("--deleted", s->until_deleted, "wait until the table is deleted instead");
  wait_command->callback(on_choice(wait));
}

}  // namespace ddbkit::cli

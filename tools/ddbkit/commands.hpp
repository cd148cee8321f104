#pragma once
// The ddbkit CLI's commands. Each add_*_commands() registers its subcommands on the app;
// the one chosen on the command line leaves its work in `chosen`, which main runs once the
// client exists, so every command shares one configuration and one error path.
#include "failure.hpp"
#include "output.hpp"

#include <ddbkit/client.hpp>
#include <ddbkit/configuration.hpp>

#include <functional>
#include <optional>

namespace CLI {
class App;
}

namespace ddbkit::cli {

/// The options every command takes (given before the command name).
struct global_options {
  configuration_overrides overrides;
  /// --output; empty: choose_format() decides.
  std::optional<output_format> output;
};

/// The chosen command's work, given the client.
using client_action = std::function<outcome<void>(client&)>;

/// `tables list|describe|create|delete|wait`.
void add_table_commands(CLI::App& app, const global_options& global, client_action& chosen);
/// `get`, `put`, `update`, `delete`.
void add_item_commands(CLI::App& app, const global_options& global, client_action& chosen);
/// `query`, `scan`.
void add_read_commands(CLI::App& app, const global_options& global, client_action& chosen);
/// `load`: JSON Lines into a table (load_command.cpp).
void add_load_command(CLI::App& app, const global_options& global, client_action& chosen);
/// `export`: a table to JSON Lines (export_command.cpp).
void add_export_command(CLI::App& app, const global_options& global, client_action& chosen);

/// Creates a table, loads 10,000 items with the progress bar, resumes a query page by its
/// cursor, has a conditional write refused and a transaction applied, deletes the table and
/// prints `metrics_text()` in short (when given).
int run_demo(client& ddb, const std::function<std::string()>& metrics_text);

/// `ddbkit config`: each resolved setting, its value and where it came from, and the
/// access key id the client signs with (masked as the AWS CLI masks it).
int print_configuration(const configuration& config, client& ddb);

/// Registers `fault-proxy` on `app`. The returned function runs it when it was chosen on
/// the command line (returning the exit code), else returns -1; it needs no client.
std::function<int()> add_fault_proxy_command(CLI::App& app);

/// Registers `local start|stop|status` on `app`; runs it as add_fault_proxy_command's does.
std::function<int()> add_local_command(CLI::App& app);

}  // namespace ddbkit::cli

// ddbkit: a command-line tool for DynamoDB on the ddbkit library.
//   ddbkit [--endpoint URL] [--region R] [--profile P] [--local] [--output json|jsonl|table]
//          tables list|describe|create|delete|wait | get | put | update | delete | query | scan |
//          load | export | config | demo | fault-proxy | local start|stop|status
// Configuration is the library's (resolve_configuration): the environment and the shared
// config/credentials files as the AWS CLI reads them; --profile, --region and --endpoint
// override them, --local (or DYNAMODB_LOCAL) uses DynamoDB Local's dummy keys, and so does
// a loopback endpoint when nothing configures credentials (said once on standard error).
#include "commands.hpp"
#include "exit_codes.hpp"
#include "metrics_option.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <map>

namespace {

/// The client's configuration; a notice on standard error when DynamoDB Local's defaults
/// filled in something.
ddbkit::result<ddbkit::configuration> resolve(const ddbkit::configuration_overrides& overrides) {
  auto config = ddbkit::resolve_configuration(ddbkit::process_environment(), overrides);
  if (config && !config->local_defaults.empty()) {
    std::cerr << "ddbkit: nothing else is configured for the loopback endpoint " << config->options.endpoint
              << ": using DynamoDB Local's " << config->local_defaults << "\n";
  }
  return config;
}

}  // namespace

int main(int argc, char** argv) {
  namespace cli = ddbkit::cli;
  CLI::App app{"ddbkit: DynamoDB from the command line"};
  app.require_subcommand(1);
  // Global options also after the command (`ddbkit get ... --output json`), as the AWS CLI allows.
  app.fallthrough();
  app.footer(std::string(cli::exit_code::help_text));
  cli::global_options global;
  app.add_option("--endpoint", global.overrides.endpoint, "endpoint URL, e.g. http://127.0.0.1:8000");
  app.add_option("--region", global.overrides.region, "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's)");
  app.add_option("--profile", global.overrides.profile, "profile of the shared config files (default: AWS_PROFILE, default)");
  app.add_flag("--local", global.overrides.local, "DynamoDB Local (127.0.0.1:8000 unless --endpoint) with its dummy keys");
  std::string output;
  bool with_metrics = false;
  app.add_flag("--metrics", with_metrics,
               "print the command's metrics (calls, retries, capacity, connections) in Prometheus' text format on "
               "standard error at the end");
  const std::map<std::string, cli::output_format> formats{
      {"json", cli::output_format::json}, {"jsonl", cli::output_format::jsonl}, {"table", cli::output_format::table}};
  app.add_option("--output", output,
                     "json, jsonl (one item a line) or table; default: table on a terminal, else json for "
                     "one result and jsonl for the items of query and scan")
      ->check(CLI::IsMember({"json", "jsonl", "table"}));

  cli::client_action chosen;
  cli::add_table_commands(app, global, chosen);
  cli::add_item_commands(app, global, chosen);
  cli::add_read_commands(app, global, chosen);
  cli::add_load_command(app, global, chosen);
  cli::add_export_command(app, global, chosen);
  auto* config_command = app.add_subcommand("config", "print the resolved profile, region, endpoint, retry "
                                                      "settings and credentials, and where each came from");
  auto* demo = app.add_subcommand("demo", "create a table, load 10,000 items with the progress bar, resume a query "
                                          "page by its cursor, see a conditional write refused and a transaction "
                                          "applied, print the metrics, delete the table");
  auto run_fault_proxy = cli::add_fault_proxy_command(app);
  auto run_local = cli::add_local_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help is a "parse error" with code 0; every real one is bad usage, whatever CLI11's own code.
    const int code = app.exit(e);
    return code == 0 ? cli::exit_code::success : cli::exit_code::bad_input;
  }
  if (!output.empty()) global.output = formats.at(output);
  if (const int code = run_fault_proxy(); code >= 0) return code;
  if (const int code = run_local(); code >= 0) return code;

  auto config = resolve(global.overrides);
  if (!config) {
    // A configuration that cannot be resolved is bad input, whatever the error's kind.
    return cli::report(cli::bad_input(cli::failed(config.error()).message));
  }
  // The demo shows its metrics whenever this CLI has ddbkit::prometheus; --metrics needs it.
  std::function<std::string()> metrics_text;
  if (with_metrics || *demo) {
    auto attached = cli::attach_metrics(config->options);
    if (!attached && with_metrics) return cli::report(attached.error());
    if (attached) metrics_text = std::move(*attached);
  }
  auto ddb = ddbkit::client::create(config->options);
  if (!ddb) return cli::report(ddb.error());

  const int code = [&] {
    if (*config_command) return cli::print_configuration(*config, *ddb);
    if (*demo) return cli::run_demo(*ddb, metrics_text);
    if (!chosen) return cli::exit_code::bad_input;
    auto done = chosen(*ddb);
    return done ? cli::exit_code::success : cli::report(done.error());
  }();
  if (with_metrics) std::cerr << metrics_text();
  return code;
}

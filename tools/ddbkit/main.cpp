// ddbkit: a command-line tool for DynamoDB on the ddbkit library.
//   ddbkit [--endpoint URL] [--region R] [--profile P] [--local] config | demo | list-tables | create-table | delete-table |
//          put-item | get-item | delete-item | scan | fault-proxy
// Configuration is the library's (resolve_configuration): the environment and the shared
// config/credentials files as the AWS CLI reads them; --profile, --region and --endpoint
// override them, --local (or DYNAMODB_LOCAL) uses DynamoDB Local's dummy keys, and so does
// a loopback endpoint when nothing configures credentials (said once on standard error).
#include "commands.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

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
  CLI::App app{"ddbkit: DynamoDB from the command line"};
  app.require_subcommand(1);
  ddbkit::configuration_overrides overrides;
  app.add_option("--endpoint", overrides.endpoint, "endpoint URL, e.g. http://127.0.0.1:8000");
  app.add_option("--region", overrides.region, "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's)");
  app.add_option("--profile", overrides.profile, "profile of the shared config files (default: AWS_PROFILE, default)");
  app.add_flag("--local", overrides.local, "DynamoDB Local (127.0.0.1:8000 unless --endpoint) with its dummy keys");

  std::string table, item_json, key_json, pk = "pk", sk;
  bool consistent = false;
  auto* config_command = app.add_subcommand("config", "print the resolved profile, region, endpoint, retry "
                                                      "settings and credentials, and where each came from");
  auto* demo = app.add_subcommand("demo", "create a table, write, read and query it, then delete it");
  auto* list = app.add_subcommand("list-tables", "list the tables");
  auto* create = app.add_subcommand("create-table", "create an on-demand table with string keys");
  create->add_option("--table", table)->required();
  create->add_option("--partition-key", pk, "partition key attribute (type S)");
  create->add_option("--sort-key", sk, "sort key attribute (type S), optional");
  auto* drop = app.add_subcommand("delete-table", "delete a table");
  drop->add_option("--table", table)->required();
  auto* put = app.add_subcommand("put-item", "write an item given as DynamoDB-JSON");
  put->add_option("--table", table)->required();
  put->add_option("--item", item_json, "DynamoDB-JSON, e.g. '{\"pk\":{\"S\":\"a\"}}'")->required();
  auto* get = app.add_subcommand("get-item", "read an item; prints {\"Item\":...} as DynamoDB-JSON");
  get->add_option("--table", table)->required();
  get->add_option("--key", key_json, "DynamoDB-JSON key")->required();
  get->add_flag("--consistent-read", consistent, "strongly consistent read");
  auto* del = app.add_subcommand("delete-item", "delete an item");
  del->add_option("--table", table)->required();
  del->add_option("--key", key_json)->required();
  auto* scan = app.add_subcommand("scan", "print every item of a table, one DynamoDB-JSON line each");
  scan->add_option("--table", table)->required();

  auto run_fault_proxy = ddbkit::cli::add_fault_proxy_command(app);

  CLI11_PARSE(app, argc, argv);
  if (const int code = run_fault_proxy(); code >= 0) return code;

  auto config = resolve(overrides);
  if (!config) {
    ddbkit::cli::report(config.error());
    return 2;  // bad configuration is bad input
  }
  auto ddb = ddbkit::client::create(config->options);
  if (!ddb) return ddbkit::cli::report(ddb.error());

  if (*config_command) return ddbkit::cli::print_configuration(*config, *ddb);

  if (*demo) return ddbkit::cli::run_demo(*ddb);
  if (*list) return ddbkit::cli::list_tables(*ddb);
  if (*create) return ddbkit::cli::create_simple_table(*ddb, table, pk, sk);
  if (*drop) return ddbkit::cli::delete_table(*ddb, table);
  if (*put) return ddbkit::cli::put_item(*ddb, table, item_json);
  if (*get) return ddbkit::cli::get_item(*ddb, table, key_json, consistent);
  if (*del) return ddbkit::cli::delete_item(*ddb, table, key_json);
  if (*scan) return ddbkit::cli::scan(*ddb, table);
  return 2;
}

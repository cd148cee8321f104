// ddbkit: a command-line tool for DynamoDB on the ddbkit library.
//   ddbkit [--endpoint URL] [--region R] demo | list-tables | create-table | delete-table |
//          put-item | get-item | delete-item | scan | fault-proxy
// Configuration comes from the environment (client_options::auto_detect); --endpoint and
// --region override it. A loopback endpoint with no keys in the environment uses
// DynamoDB Local's dummy keys.
#include "commands.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace {

ddbkit::result<ddbkit::client_options> make_options(const std::string& endpoint, const std::string& region) {
  auto options = ddbkit::client_options::auto_detect();
  const bool loopback = endpoint.starts_with("http://127.") || endpoint.starts_with("http://localhost") ||
                        endpoint.starts_with("http://[::1]");
  if (!options && loopback) options = ddbkit::client_options::local();
  if (!options) return options;
  if (!endpoint.empty()) options->endpoint = endpoint;
  if (!region.empty()) options->region = region;
  if (!options->credentials && loopback) options->credentials = ddbkit::static_credentials("local", "local");
  if (!options->credentials) {
    return std::unexpected(ddbkit::error(ddbkit::error_code::credentials,
                                         "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"));
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ddbkit: DynamoDB from the command line"};
  app.require_subcommand(1);
  std::string endpoint, region;
  app.add_option("--endpoint", endpoint, "endpoint URL, e.g. http://127.0.0.1:8000");
  app.add_option("--region", region, "AWS region (default: from the environment)");

  std::string table, item_json, key_json, pk = "pk", sk;
  bool consistent = false;
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

  auto options = make_options(endpoint, region);
  if (!options) return ddbkit::cli::report(options.error());
  auto ddb = ddbkit::client::create(std::move(*options));
  if (!ddb) return ddbkit::cli::report(ddb.error());

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

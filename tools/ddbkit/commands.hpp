#pragma once
// The ddbkit CLI's subcommands. Each returns the process exit code.
#include <ddbkit/client.hpp>
#include <ddbkit/configuration.hpp>

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace ddbkit::cli {

/// Creates a table, writes, reads and queries it, prints what happened, deletes it.
int run_demo(client& ddb);

/// Item commands speak DynamoDB-JSON, as `aws dynamodb` does.
int put_item(client& ddb, const std::string& table, const std::string& item_json);
int get_item(client& ddb, const std::string& table, const std::string& key_json, bool consistent);
int delete_item(client& ddb, const std::string& table, const std::string& key_json);
int scan(client& ddb, const std::string& table);
int list_tables(client& ddb);
int create_simple_table(client& ddb, const std::string& table, const std::string& pk, const std::string& sk);
int delete_table(client& ddb, const std::string& table);

/// `ddbkit config`: each resolved setting, its value and where it came from, and the
/// access key id the client signs with (masked as the AWS CLI masks it).
int print_configuration(const configuration& config, client& ddb);

/// Registers `fault-proxy` on `app`. The returned function runs it when it was chosen on
/// the command line (returning the exit code), else returns -1; it needs no client.
std::function<int()> add_fault_proxy_command(CLI::App& app);

/// Prints an error to stderr and returns the exit code for it (1).
int report(const error& e);

}  // namespace ddbkit::cli

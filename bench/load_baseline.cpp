// The baseline of bench/cli_load.sh: the same JSON Lines file written by the table layer's
// batch writer called directly — every line parsed first, then one write_batch() of all the
// items (no chunk boundaries at all) — with the client options `ddbkit load` gets.
// Usage: bench_load_baseline ENDPOINT TABLE FILE CONCURRENCY; prints "items seconds".
#include <ddbkit/client.hpp>
#include <ddbkit/table/batch_write.hpp>
#include <ddbkit/value/plain_json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

int main(int argc, char** argv) {
  using namespace ddbkit;
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s ENDPOINT TABLE FILE CONCURRENCY\n", argv[0]);
    return 2;
  }
  // From the environment, as the CLI resolves it: DynamoDB Local keeps tables per region and key.
  auto options = client_options::from_env();
  if (!options) {
    std::fprintf(stderr, "options: %s\n", std::string(options.error().message()).c_str());
    return 1;
  }
  options->endpoint = argv[1];
  auto made = client::create(*options);
  if (!made) {
    std::fprintf(stderr, "client: %s\n", std::string(made.error().message()).c_str());
    return 1;
  }
  const std::string table = argv[2];
  const auto start = std::chrono::steady_clock::now();
  std::vector<batch_write_entry> entries;
  std::ifstream in(argv[3]);
  for (std::string line; std::getline(in, line);) {
    auto parsed = parse_item_any(line);
    if (!parsed) {
      std::fprintf(stderr, "%s\n", std::string(parsed.error().message()).c_str());
      return 1;
    }
    entries.push_back({.table = table, .request = write_request::put(std::move(*parsed))});
  }
  const auto count = entries.size();
  const key_schemas schemas{{table, key_schema{.partition = "pk", .sort = "sk"}}};
  auto report = write_batch(*made, std::move(entries), schemas,
                            batch_write_options{.concurrency = static_cast<std::size_t>(std::atoi(argv[4])), .last_write_wins = true});
  if (!report) {
    std::fprintf(stderr, "write_batch: %s\n", std::string(report.error().message()).c_str());
    return 1;
  }
  if (!report->complete()) {
    std::fprintf(stderr, "%zu items not written: %s\n", report->not_written.size(),
                 std::string(report->not_written.front().reason.message()).c_str());
    return 1;
  }
  std::printf("%zu %.3f\n", count, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}

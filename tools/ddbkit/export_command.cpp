// `export --table T`: every item of a table as JSON Lines (DynamoDB-JSON by default, which
// `load` reads back to the same items), read by a parallel scan whose bounded buffer keeps
// memory flat however large the table.
#include "commands.hpp"
#include "described_table.hpp"
#include "exit_codes.hpp"
#include "number_text.hpp"
#include "progress.hpp"

#include <ddbkit/table/parallel_scan.hpp>
#include <ddbkit/table/table_schema.hpp>
#include <ddbkit/value/dynamodb_json.hpp>
#include <ddbkit/value/plain_json.hpp>

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>

namespace ddbkit::cli {
namespace {

struct export_settings {
  std::string table;
  int segments = 4;
  std::string output_file;  ///< empty: standard output
  std::string format = "ddb";
  bool quiet = false;
  double progress_every = 5;
};

/// Lines gathered into blocks of about this size before they are written: one write per
/// block, not per item.
constexpr std::size_t write_block = 1024 * 1024;

outcome<std::uint64_t> write_items(client& ddb, const export_settings& s, table_schema schema, std::ostream& out,
                                   progress& shown) {
  const bool plain = s.format == "plain";
  auto pages = detail::segment_pages::start(
      ddb, table_ref{.name = s.table, .schema = std::move(schema)}, scan_request{},
      parallel_scan_options{.total_segments = s.segments, .concurrency = static_cast<std::size_t>(s.segments)});
  std::uint64_t exported = 0;
  std::string block;
  block.reserve(write_block + 64 * 1024);
  for (;;) {
    auto page = pages->next();
    if (!page) return std::unexpected(failed(page.error()));
    if (!*page) break;
    for (const auto& i : (*page)->items) {
      block += plain ? to_plain_json(i) : to_dynamodb_json(i);
      block += '\n';
      if (block.size() >= write_block) {
        out.write(block.data(), static_cast<std::streamsize>(block.size()));
        block.clear();
      }
    }
    exported += (*page)->items.size();
    shown.advance((*page)->items.size());
    if (!out) {
      pages->stop();
      return std::unexpected(failure{exit_code::service_error, "cannot write the items: " + std::string(std::strerror(errno))});
    }
  }
  out.write(block.data(), static_cast<std::streamsize>(block.size()));
  out.flush();
  if (!out) return std::unexpected(failure{exit_code::service_error, "cannot write the items: " + std::string(std::strerror(errno))});
  return exported;
}

outcome<void> export_table(client& ddb, const export_settings& s) {
  auto described = describe_table(ddb, s.table);
  if (!described) return std::unexpected(std::move(described.error()));
  auto schema = table_schema::from(*described);
  if (!schema) return std::unexpected(failed(schema.error()));
  std::ofstream file;
  if (!s.output_file.empty()) {
    file.open(s.output_file, std::ios::binary | std::ios::trunc);
    if (!file) return std::unexpected(bad_input("--output-file: cannot write " + s.output_file + ": " + std::strerror(errno)));
  }
  std::ostream& out = s.output_file.empty() ? std::cout : file;

  auto options = progress::for_standard_error(
      "exported", s.quiet, std::chrono::milliseconds(static_cast<std::int64_t>(s.progress_every * 1000)));
  // ItemCount is refreshed about every six hours: an estimate, which the display caps at 99%.
  if (described->item_count && *described->item_count > 0) options.total_items = static_cast<std::uint64_t>(*described->item_count);
  progress shown(std::cerr, std::move(options));
  const auto start = std::chrono::steady_clock::now();
  auto exported = write_items(ddb, s, std::move(*schema), out, shown);
  shown.finish();
  if (!exported) return std::unexpected(std::move(exported.error()));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << "export: " << *exported << " items" << (s.output_file.empty() ? "" : " to " + s.output_file) << ", "
            << fixed(seconds, 2) << " s, " << fixed(seconds > 0 ? static_cast<double>(*exported) / seconds : 0.0, 0)
            << " items/s\n";
  return {};
}

}  // namespace

void add_export_command(CLI::App& app, const global_options&, client_action& chosen) {
  auto s = std::make_shared<export_settings>();
  auto* command = app.add_subcommand(
      "export",
      "write every item of a table as JSON Lines, one item a line, in no particular order (a parallel scan). "
      "DynamoDB-JSON by default: `load` reads it back into the same items; plain JSON loses sets and binary");
  command->add_option("--table", s->table, "table name")->required();
  command->add_option("--segments", s->segments, "segments read at once (parallel scan; default 4)")->check(CLI::Range(1, 1000));
  command->add_option("--output-file", s->output_file, "write the items here instead of standard output");
  command->add_option("--format", s->format, "ddb (DynamoDB-JSON, default) or plain")->check(CLI::IsMember({"ddb", "plain"}));
  command->add_flag("-q,--quiet", s->quiet, "no progress display (the final count is still printed)");
  command->add_option("--progress-every", s->progress_every,
                      "seconds between progress lines when standard error is not a terminal (default 5)")
      ->check(CLI::PositiveNumber);
  command->callback([&chosen, s] { chosen = [s](client& ddb) { return export_table(ddb, *s); }; });
}

}  // namespace ddbkit::cli

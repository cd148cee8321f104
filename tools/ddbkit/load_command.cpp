// `load --table T FILE|-`: JSON Lines of items written through the batch writer, read as
// a stream (memory bounded by a few chunks, whatever the file's size). A bad line is
// reported with its number and skipped (--strict: stops there); items DynamoDB did not
// take go to a file `load` reads again; Ctrl-C finishes what was sent and says the line
// to resume from.
#include "commands.hpp"
#include "described_table.hpp"
#include "exit_codes.hpp"
#include "interrupt.hpp"
#include "jsonl_reader.hpp"
#include "load_pipeline.hpp"
#include "number_text.hpp"

#include <ddbkit/table/table_schema.hpp>
#include <ddbkit/value/dynamodb_json.hpp>
#include <ddbkit/value/limits.hpp>
#include <ddbkit/value/plain_json.hpp>

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace ddbkit::cli {
namespace {

struct load_settings {
  std::string table;
  std::string source;
  std::string format = "auto";  ///< or "ddb", "plain"
  std::size_t concurrency = 8;
  std::string unwritten;  ///< empty: TABLE.unwritten.jsonl
  bool strict = false;
  std::uint64_t skip_lines = 0;
  bool quiet = false;
  double progress_every = 5;  ///< seconds between progress lines when stderr is no terminal
};

struct parsed_line {
  item value;
  std::string key;  ///< its key attributes as DynamoDB-JSON: equal keys, equal text
};

/// The item of one line, checked as the batch writer will check it, so one bad line is
/// refused alone instead of its whole chunk: its reason, without the line number.
std::expected<parsed_line, std::string> parse_line(std::string_view text, std::string_view format,
                                                   const key_schema& keys) {
  auto parsed = format == "ddb" ? parse_item(text) : format == "plain" ? parse_plain_item(text) : parse_item_any(text);
  if (!parsed) return std::unexpected(std::string(parsed.error().message()));
  auto key = keys.key_item_of(*parsed);
  if (!key) return std::unexpected(std::string(key.error().message()));
  if (auto sendable = limits::validate_item(*parsed, "item"); !sendable) {
    return std::unexpected(std::string(sendable.error().message()));
  }
  return parsed_line{std::move(*parsed), to_dynamodb_json(*key)};
}

/// Where the reading stopped, and why.
struct reading {
  std::uint64_t lines_done = 0;  ///< lines 1..lines_done were read and handled
  std::uint64_t bad_lines = 0;
  std::optional<std::string> strict_stop;  ///< the bad line that stopped a --strict load
  bool interrupted = false;
};

struct load_report {
  load_totals totals;
  reading read;
  double seconds = 0;
  std::optional<std::string> unwritten_file;

  double items_per_second() const { return seconds > 0 ? static_cast<double>(totals.written) / seconds : 0; }
};

void print_report(const load_report& r, bool as_json) {
  std::cerr << "load: written " << r.totals.written << ", not written " << r.totals.not_written << ", bad lines "
            << r.read.bad_lines << ", " << fixed(r.totals.write_capacity_units, 1) << " WCU, " << fixed(r.seconds, 2)
            << " s, " << fixed(r.items_per_second(), 0) << " items/s\n";
  if (r.totals.superseded > 0) {
    std::cerr << "load: " << r.totals.superseded << " lines replaced by a later line of the same key\n";
  }
  if (r.totals.first_reason) std::cerr << "load: the first item not written failed with: " << *r.totals.first_reason << "\n";
  if (r.unwritten_file) std::cerr << "load: items not written saved in " << *r.unwritten_file << "\n";
  if (as_json) {
    const auto unwritten_json = r.unwritten_file ? "\"" + *r.unwritten_file + "\"" : std::string("null");
    std::cout << R"({"Written":)" << r.totals.written << R"(,"NotWritten":)" << r.totals.not_written
              << R"(,"BadLines":)" << r.read.bad_lines << R"(,"Superseded":)" << r.totals.superseded
              << R"(,"ConsumedWCU":)" << fixed(r.totals.write_capacity_units, 1) << R"(,"Seconds":)" << fixed(r.seconds, 3)
              << R"(,"ItemsPerSecond":)" << fixed(r.items_per_second(), 1) << R"(,"LinesDone":)" << r.read.lines_done
              << R"(,"Interrupted":)" << (r.read.interrupted ? "true" : "false") << R"(,"UnwrittenFile":)"
              << unwritten_json << "}\n";
  }
}

/// Reads every line into chunks for `pipeline`, until the end, Ctrl-C or a --strict stop;
/// `r` says how far it got, also when it fails.
outcome<void> read_into(jsonl_reader& reader, const load_settings& s, const key_schema& keys, load_pipeline& pipeline,
                        progress& shown, const std::atomic<bool>& interrupted, reading& r) {
  load_chunk chunk;
  const auto send_chunk = [&]() -> outcome<void> {
    auto sent = pipeline.send(std::exchange(chunk, {}));
    chunk.entries.reserve(pipeline.chunk_items());
    return sent;
  };
  chunk.entries.reserve(pipeline.chunk_items());
  while (!interrupted.load()) {
    auto line = reader.next();
    if (!line) return std::unexpected(std::move(line.error()));
    if (!*line) break;
    const auto& l = **line;
    if (l.number <= s.skip_lines || l.text.find_first_not_of(" \t") == std::string_view::npos) {
      shown.advance(0, l.bytes);
      r.lines_done = l.number;
      continue;
    }
    std::expected<parsed_line, std::string> parsed =
        l.too_long ? std::unexpected("longer than " + std::to_string(jsonl_reader::max_line_bytes) + " bytes")
                   : parse_line(l.text, s.format, keys);
    if (!parsed) {
      ++r.bad_lines;
      const auto message = "line " + std::to_string(l.number) + ": " + parsed.error();
      if (s.strict) {
        r.strict_stop = message;
        break;
      }
      shown.note(message);
      shown.advance(0, l.bytes);
      r.lines_done = l.number;
      continue;
    }
    if (chunk.entries.empty()) chunk.first_line = l.number;
    chunk.keys.insert(std::move(parsed->key));
    chunk.entries.push_back({.table = s.table, .request = write_request::put(std::move(parsed->value))});
    chunk.bytes += l.bytes;
    chunk.last_line = r.lines_done = l.number;
    if (chunk.entries.size() >= pipeline.chunk_items() || chunk.bytes >= load_pipeline::chunk_bytes) {
      if (auto sent = send_chunk(); !sent) return std::unexpected(std::move(sent.error()));
    }
  }
  // The lines read so far are sent whatever stopped the reading: resuming after them is exact.
  r.interrupted = interrupted.load();
  return send_chunk();
}

outcome<void> load(client& ddb, const global_options& global, const load_settings& s) {
  const auto& interrupted = stop_on_interrupt();
  auto reader = jsonl_reader::open("FILE", s.source, interrupted);
  if (!reader) return std::unexpected(std::move(reader.error()));
  auto described = describe_table(ddb, s.table);
  if (!described) return std::unexpected(std::move(described.error()));
  auto schema = table_schema::from(*described);
  if (!schema) return std::unexpected(failed(schema.error()));

  auto options = progress::for_standard_error(
      "loaded", s.quiet, std::chrono::milliseconds(static_cast<std::int64_t>(s.progress_every * 1000)));
  options.total_bytes = reader->size();
  progress shown(std::cerr, std::move(options));
  unwritten_file unwritten(s.unwritten.empty() ? s.table + ".unwritten.jsonl" : s.unwritten);
  const auto start = std::chrono::steady_clock::now();

  load_report report;
  outcome<void> stopped;  // a failure that ended the load early (after what was sent finished)
  {
    load_pipeline pipeline(ddb, s.table, schema->keys, s.concurrency, shown, unwritten);
    stopped = read_into(*reader, s, schema->keys, pipeline, shown, interrupted, report.read);
    auto finished = pipeline.finish();
    if (!finished && stopped) stopped = std::move(finished);
    report.totals = pipeline.totals();
  }
  shown.finish();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.unwritten_file = unwritten.saved_to();
  print_report(report, global.output == output_format::json);

  if (!stopped) return stopped;
  const auto resume = "resume with --skip-lines " + std::to_string(report.read.lines_done);
  if (report.read.strict_stop) {
    return std::unexpected(bad_input(*report.read.strict_stop + " (--strict: stopped; " + resume + ")"));
  }
  if (report.read.interrupted) return std::unexpected(failure{exit_code::interrupted, "interrupted: " + resume});
  if (report.totals.not_written > 0) {
    return std::unexpected(failure{exit_code::items_not_written,
                                   std::to_string(report.totals.not_written) + " items not written (saved in " +
                                       report.unwritten_file.value_or("?") + "; load that file to retry them)"});
  }
  return {};
}

}  // namespace

void add_load_command(CLI::App& app, const global_options& global, client_action& chosen) {
  auto s = std::make_shared<load_settings>();
  auto* command = app.add_subcommand(
      "load",
      "write the items of a JSON Lines file (one item a line, DynamoDB-JSON or plain JSON) to a table, in "
      "parallel batches. A bad line is reported as 'line N: reason' and skipped. Two lines of one key: the "
      "later one wins. Exit 3: some items were not written (they are saved in --unwritten, which load takes again); 130: interrupted (Ctrl-C) after the batches in "
      "flight, with the --skip-lines that resumes it");
  command->add_option("--table", s->table, "table name")->required();
  command->add_option("FILE", s->source, "JSON Lines: a path, file://PATH, or - for standard input")->required();
  command->add_option("--format", s->format, "ddb (DynamoDB-JSON), plain, or auto (each line by its shape; default)")
      ->check(CLI::IsMember({"auto", "ddb", "plain"}));
  command->add_option("--concurrency", s->concurrency, "BatchWriteItem requests in flight (default 8)")
      ->check(CLI::Range(1, 256));
  command->add_option("--unwritten", s->unwritten,
                      "where items not written are saved (default TABLE.unwritten.jsonl; only when there are some)");
  command->add_flag("--strict", s->strict, "stop at the first bad line (exit 2), after the batches already sent");
  command->add_option("--skip-lines", s->skip_lines, "skip the first N lines (resume an interrupted load)");
  command->add_flag("-q,--quiet", s->quiet, "no progress display (the final report is still printed)");
  command->add_option("--progress-every", s->progress_every,
                      "seconds between progress lines when standard error is not a terminal (default 5)")
      ->check(CLI::PositiveNumber);
  command->callback([&global, &chosen, s] { chosen = [&global, s](client& ddb) { return load(ddb, global, *s); }; });
}

}  // namespace ddbkit::cli

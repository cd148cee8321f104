// `query` and `scan`: items page by page to standard output, stopping after --limit items
// with the resume cursor on standard error; `scan --segments N` reads N segments at once.
#include "commands.hpp"
#include "expression_options.hpp"
#include "json_arguments.hpp"

#include <ddbkit/table/cursor.hpp>

#include <CLI/CLI.hpp>

#include <atomic>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

namespace ddbkit::cli {
namespace {

struct read_settings {
  std::string table;
  std::string index;
  std::string key_condition;  ///< query
  std::string filter;
  std::string projection;
  expression_options expressions;
  bool consistent = false;
  bool descending = false;  ///< query
  std::size_t limit = 0;    ///< items to print in total; 0: all
  std::string select;       ///< "count" or empty
  std::string cursor;
  int segments = 1;  ///< scan
};

std::optional<std::string> unless_empty(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

/// The members Query and Scan share, from the options and the placeholders.
template <class Input>
Input read_input(const read_settings& s, expression_attributes expressions) {
  Input in{.table_name = s.table};
  in.index_name = unless_empty(s.index);
  if (s.select == "count") in.select = select::count;
  in.consistent_read = s.consistent;
  in.filter_expression = unless_empty(s.filter);
  in.projection_expression = unless_empty(s.projection);
  in.expression_attribute_names = std::move(expressions.names);
  in.expression_attribute_values = std::move(expressions.values);
  return in;
}

/// Where --cursor resumes; bad input when the token is not one, or is of another read.
outcome<std::optional<item>> resume_key(const read_settings& s) {
  if (s.cursor.empty()) return std::nullopt;
  auto position = cursor::parse(s.cursor);
  if (!position) return std::unexpected(bad_input("--cursor: " + std::string(position.error().message())));
  if (auto fits = position->check_fits(s.table, s.index, std::nullopt); !fits) {
    return std::unexpected(bad_input("--cursor: " + std::string(fits.error().message())));
  }
  return position->start_key();
}

/// Reads page after page into `printer`. With a limit each request asks for no more items
/// than are still to print, so a page never ends past the limit and its LastEvaluatedKey
/// is exactly where the next read resumes (a filter makes such pages smaller, never wrong).
template <class Input>
outcome<void> read_pages(client& ddb, Input in, const read_settings& s, item_printer& printer) {
  read_totals totals;
  std::size_t printed = 0;
  for (;;) {
    if (s.limit > 0) in.limit = static_cast<int>(std::min<std::size_t>(s.limit - printed, 1'000'000));
    auto page = ddb.execute(in);
    if (!page) return std::unexpected(failed(page.error()));
    totals.add(*page);
    for (const auto& i : page->items) printer.add(i);
    printed += page->items.size();
    in.exclusive_start_key = std::move(page->last_evaluated_key);
    if (!in.exclusive_start_key) break;
    if (s.limit > 0 && printed >= s.limit) {
      printer.finish(totals);
      // Standard error, so standard output holds the items only.
      std::cerr << "next cursor: " << cursor(s.table, s.index, std::nullopt, in.exclusive_start_key).token() << "\n";
      return {};
    }
  }
  printer.finish(totals);
  return {};
}

/// A parallel Scan: one thread per segment, each reading its segment page by page (the
/// table layer's parallel scan takes expression builders, not text). Pages go to `printer`
/// whole, under a lock; the first error stops the others after their current page.
outcome<void> read_segments(client& ddb, const scan_input& in, int segments, item_printer& printer) {
  std::mutex lock;
  read_totals totals;
  std::optional<failure> first_failure;
  std::atomic<bool> stop = false;
  std::vector<std::jthread> readers;
  for (int segment = 0; segment < segments; ++segment) {
    readers.emplace_back([&, segment] {
      scan_input part = in;
      part.segment = segment;
      part.total_segments = segments;
      do {
        auto page = ddb.scan(part);
        const std::lock_guard<std::mutex> guard(lock);
        if (!page) {
          if (!first_failure) first_failure = failed(page.error());
          stop = true;
          return;
        }
        totals.add(*page);
        for (const auto& i : page->items) printer.add(i);
        part.exclusive_start_key = std::move(page->last_evaluated_key);
      } while (part.exclusive_start_key && !stop);
    });
  }
  readers.clear();  // joins
  if (first_failure) return std::unexpected(std::move(*first_failure));
  printer.finish(totals);
  return {};
}

/// Prints a read: its items, or with --select count only its counts.
template <class Input>
outcome<void> run_read(client& ddb, const global_options& global, const read_settings& s, Input in) {
  const auto format = choose_format(global.output, output_shape::stream);
  if (s.select != "count") {
    auto printer = make_item_printer(format, std::cout);
    if constexpr (std::is_same_v<Input, scan_input>) {
      if (s.segments > 1) return read_segments(ddb, in, s.segments, *printer);
    }
    return read_pages(ddb, std::move(in), s, *printer);
  }
  // The counts of every page: a printer that keeps no items, then the totals.
  struct counter final : item_printer {
    read_totals totals;
    void add(const item&) override {}
    void finish(const read_totals& t) override { totals = t; }
  } counts;
  outcome<void> done;
  if constexpr (std::is_same_v<Input, scan_input>) {
    done = s.segments > 1 ? read_segments(ddb, in, s.segments, counts) : read_pages(ddb, std::move(in), s, counts);
  } else {
    done = read_pages(ddb, std::move(in), s, counts);
  }
  if (done) print_counts(format, std::cout, counts.totals);
  return done;
}

outcome<void> query(client& ddb, const global_options& global, const read_settings& s) {
  json_arguments arguments(std::cin);
  auto expressions = read_expression_attributes(arguments, s.expressions);
  if (!expressions) return std::unexpected(std::move(expressions.error()));
  auto start = resume_key(s);
  if (!start) return std::unexpected(std::move(start.error()));
  auto in = read_input<query_input>(s, std::move(*expressions));
  in.key_condition_expression = s.key_condition;
  in.scan_index_forward = !s.descending;
  in.exclusive_start_key = std::move(*start);
  return run_read(ddb, global, s, std::move(in));
}

outcome<void> scan(client& ddb, const global_options& global, const read_settings& s) {
  json_arguments arguments(std::cin);
  auto expressions = read_expression_attributes(arguments, s.expressions);
  if (!expressions) return std::unexpected(std::move(expressions.error()));
  auto start = resume_key(s);
  if (!start) return std::unexpected(std::move(start.error()));
  auto in = read_input<scan_input>(s, std::move(*expressions));
  in.exclusive_start_key = std::move(*start);
  return run_read(ddb, global, s, std::move(in));
}

/// The options query and scan share.
struct shared_options {
  CLI::Option* limit;
  CLI::Option* cursor;
  CLI::Option* select;
};

shared_options add_shared_options(CLI::App& command, read_settings& s) {
  command.add_option("--table", s.table, "table name")->required();
  command.add_option("--index", s.index, "secondary index to read instead of the table");
  command.add_option("--filter", s.filter, "filter expression, applied after reading (Count vs ScannedCount)");
  command.add_option("--projection", s.projection, "attributes to print, e.g. 'pk, #s' (default: all)");
  s.expressions.add_to(command);
  command.add_flag("--consistent", s.consistent, "strongly consistent read (not on a global secondary index)");
  shared_options options;
  options.limit = command.add_option("--limit", s.limit,
                                     "print at most N items in total; when more remain, the resume cursor "
                                     "goes to standard error as 'next cursor: TOKEN'")
                      ->check(CLI::PositiveNumber);
  options.cursor = command.add_option("--cursor", s.cursor, "resume after the items of an earlier read (its 'next cursor')");
  options.select = command.add_option("--select", s.select, "count: print only Count and ScannedCount")
                       ->check(CLI::IsMember({"count"}));
  options.select->excludes(options.limit);
  return options;
}

}  // namespace

void add_read_commands(CLI::App& app, const global_options& global, client_action& chosen) {
  auto s = std::make_shared<read_settings>();

  auto* query_command = app.add_subcommand("query", "print the items of one partition key, in sort key order");
  add_shared_options(*query_command, *s);
  query_command->add_option("--key-condition", s->key_condition, "e.g. 'pk = :pk AND sk BETWEEN :a AND :b'")->required();
  query_command->add_flag("--descending", s->descending, "sort key descending");
  query_command->callback([&global, &chosen, s] { chosen = [&global, s](client& ddb) { return query(ddb, global, *s); }; });

  auto* scan_command = app.add_subcommand("scan", "print every item of a table or index");
  const auto shared = add_shared_options(*scan_command, *s);
  scan_command
      ->add_option("--segments", s->segments,
                   "read the table as N segments at once (parallel scan; items in no particular order)")
      ->check(CLI::Range(1, 1000))
      ->excludes(shared.limit)
      ->excludes(shared.cursor);
  scan_command->callback([&global, &chosen, s] { chosen = [&global, s](client& ddb) { return scan(ddb, global, *s); }; });
}

}  // namespace ddbkit::cli

#pragma once
// What commands print on standard output, in the format of --output. Standard output holds
// data only; notes for people (the resume cursor, progress) go to standard error.
#include <ddbkit/table/page_reader.hpp>
#include <ddbkit/value/attribute_value.hpp>

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace ddbkit::cli {

enum class output_format { json, jsonl, table };

/// What a command prints: one document (get, describe, a write's returned attributes) or a
/// stream of items (query, scan).
enum class output_shape { single, stream };

/// The format asked for; else `table` when standard output is a terminal, else `json` for
/// a single result and `jsonl` for a stream, so pipes get data a program can read.
output_format choose_format(std::optional<output_format> asked, output_shape shape);

/// Prints the items of a read as they come. json: `{"Items":[...],"Count":N,
/// "ScannedCount":M}` as `aws dynamodb query` prints it, written as the items arrive;
/// jsonl: one DynamoDB-JSON item a line, nothing else; table: aligned columns, one per
/// attribute name, values in plain form (it holds the items until finish(), to size the
/// columns). Not thread-safe: callers serialize add() calls.
class item_printer {
 public:
  virtual ~item_printer() = default;
  virtual void add(const item& i) = 0;
  /// After the last item, with the counts of the whole read.
  virtual void finish(const read_totals& totals) = 0;
};

std::unique_ptr<item_printer> make_item_printer(output_format format, std::ostream& out);

/// Select COUNT: json `{"Count":N,"ScannedCount":M}` (jsonl: the same on one line), or a
/// table of the two.
void print_counts(output_format format, std::ostream& out, const read_totals& totals);

/// One item under `member` ("Item", "Attributes"): json `{"Item":{...}}` or `{}` without
/// one, as `aws dynamodb get-item` prints; jsonl: the item on one line, or nothing; table:
/// a one-row table, or nothing.
void print_item_document(output_format format, std::ostream& out, std::string_view member,
                         const std::optional<item>& found);

/// A value as people read it: a string as is, anything else as plain JSON.
std::string plain_text(const attribute_value& value);

}  // namespace ddbkit::cli

#include "output.hpp"

#include "text_table.hpp"

#include <ddbkit/value/dynamodb_json.hpp>
#include <ddbkit/value/plain_json.hpp>

#include <set>

#include <unistd.h>

namespace ddbkit::cli {
namespace {

/// The rows of `items` under one column per attribute name (sorted; blank where absent).
void print_items_as_table(std::ostream& out, const std::vector<item>& items) {
  std::set<std::string, std::less<>> names;
  for (const auto& i : items) {
    for (const auto& [name, value] : i) names.insert(name);
  }
  const std::vector<std::string> headers(names.begin(), names.end());
  std::vector<std::vector<std::string>> rows;
  rows.reserve(items.size());
  for (const auto& i : items) {
    std::vector<std::string> row;
    row.reserve(headers.size());
    for (const auto& name : headers) {
      const auto found = i.find(name);
      row.push_back(found == i.end() ? std::string() : plain_text(found->second));
    }
    rows.push_back(std::move(row));
  }
  print_aligned(out, headers, rows);
}

class json_printer final : public item_printer {
 public:
  explicit json_printer(std::ostream& out) : out_(out) {}
  // The document opens with the first item (or at the end), so a read that fails before
  // any item leaves standard output empty rather than half a document.
  void add(const item& i) override {
    out_ << (first_ ? R"({"Items":[)" : ",");
    first_ = false;
    out_ << to_dynamodb_json(i);
  }
  void finish(const read_totals& totals) override {
    if (first_) out_ << R"({"Items":[)";
    out_ << R"(],"Count":)" << totals.count << R"(,"ScannedCount":)" << totals.scanned_count << "}\n";
  }

 private:
  std::ostream& out_;
  bool first_ = true;
};

class jsonl_printer final : public item_printer {
 public:
  explicit jsonl_printer(std::ostream& out) : out_(out) {}
  void add(const item& i) override { out_ << to_dynamodb_json(i) << "\n"; }
  void finish(const read_totals&) override { out_.flush(); }

 private:
  std::ostream& out_;
};

class table_printer final : public item_printer {
 public:
  explicit table_printer(std::ostream& out) : out_(out) {}
  void add(const item& i) override { items_.push_back(i); }
  void finish(const read_totals&) override { print_items_as_table(out_, items_); }

 private:
  std::ostream& out_;
  std::vector<item> items_;
};

}  // namespace

output_format choose_format(std::optional<output_format> asked, output_shape shape) {
  if (asked) return *asked;
  if (::isatty(STDOUT_FILENO) == 1) return output_format::table;
  return shape == output_shape::single ? output_format::json : output_format::jsonl;
}

std::unique_ptr<item_printer> make_item_printer(output_format format, std::ostream& out) {
  switch (format) {
    case output_format::json: return std::make_unique<json_printer>(out);
    case output_format::jsonl: return std::make_unique<jsonl_printer>(out);
    case output_format::table: return std::make_unique<table_printer>(out);
  }
  return nullptr;
}

void print_counts(output_format format, std::ostream& out, const read_totals& totals) {
  if (format == output_format::table) {
    print_aligned(out, {"Count", "ScannedCount"}, {{std::to_string(totals.count), std::to_string(totals.scanned_count)}});
    return;
  }
  out << R"({"Count":)" << totals.count << R"(,"ScannedCount":)" << totals.scanned_count << "}\n";
}

void print_item_document(output_format format, std::ostream& out, std::string_view member,
                         const std::optional<item>& found) {
  switch (format) {
    case output_format::json:
      if (found) out << "{\"" << member << "\":" << to_dynamodb_json(*found) << "}\n";
      else out << "{}\n";
      return;
    case output_format::jsonl:
      if (found) out << to_dynamodb_json(*found) << "\n";
      return;
    case output_format::table:
      if (found) print_items_as_table(out, {*found});
      return;
  }
}

std::string plain_text(const attribute_value& value) {
  if (const auto* s = value.as_s()) return *s;
  return to_plain_json(value);
}

}  // namespace ddbkit::cli

#include "expression_options.hpp"

#include <CLI/CLI.hpp>

namespace ddbkit::cli {

void expression_options::add_to(CLI::App& command) {
  command.add_option("--names", names,
                     "expression attribute names, e.g. '{\"#s\":\"status\"}' (JSON, file://PATH or -)");
  command.add_option("--values", values,
                     "expression attribute values, e.g. '{\":v\":1}' or '{\":v\":{\"N\":\"1\"}}' "
                     "(plain or DynamoDB-JSON, file://PATH or -)");
}

outcome<expression_attributes> read_expression_attributes(json_arguments& arguments,
                                                          const expression_options& options) {
  expression_attributes out;
  if (!options.names.empty()) {
    auto names = arguments.names("--names", options.names);
    if (!names) return std::unexpected(std::move(names.error()));
    out.names = std::move(*names);
  }
  if (!options.values.empty()) {
    auto values = arguments.attributes("--values", options.values);
    if (!values) return std::unexpected(std::move(values.error()));
    out.values = std::move(*values);
  }
  return out;
}

}  // namespace ddbkit::cli

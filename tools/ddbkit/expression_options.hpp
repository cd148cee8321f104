#pragma once
// The expression options that get, put, update, delete, query and scan share, spelled as
// the AWS CLI spells them: --names and --values hold the placeholders of the expressions.
#include "json_arguments.hpp"

#include <ddbkit/model/common.hpp>

#include <string>

namespace CLI {
class App;
}

namespace ddbkit::cli {

struct expression_options {
  std::string names;   ///< --names JSON argument, empty when not given
  std::string values;  ///< --values JSON argument, empty when not given

  /// Adds --names and --values to `command`.
  void add_to(CLI::App& command);
};

/// The placeholders, read and checked before anything is sent.
struct expression_attributes {
  expression_names names;
  item values;
};

outcome<expression_attributes> read_expression_attributes(json_arguments& arguments,
                                                          const expression_options& options);

}  // namespace ddbkit::cli

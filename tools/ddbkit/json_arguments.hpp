#pragma once
// JSON arguments as the AWS CLI takes them: the JSON itself, `file://PATH` for a file's
// content (an item of 400 KB does not fit on a command line), or `-` for standard input.
#include "failure.hpp"

#include <ddbkit/model/common.hpp>

#include <istream>
#include <string>
#include <string_view>

namespace ddbkit::cli {

/// Reads the JSON arguments of one command. Standard input can be read once, so at most
/// one argument may be `-`. Every error is bad input naming the option ("--key: ...").
/// Read every argument before sending anything: a bad one must stop the command first.
/// Not thread-safe (it remembers whether standard input was taken).
class json_arguments {
 public:
  explicit json_arguments(std::istream& standard_input) : standard_input_(standard_input) {}

  /// The argument's text: the file's content, standard input, or the argument itself.
  outcome<std::string> text(std::string_view option, const std::string& argument);
  /// An item or key, as DynamoDB-JSON or plain JSON (parse_item_any()).
  outcome<item> attributes(std::string_view option, const std::string& argument);
  /// --names: {"#placeholder": "attribute name", ...}.
  outcome<expression_names> names(std::string_view option, const std::string& argument);

 private:
  std::istream& standard_input_;
  bool standard_input_taken_ = false;
};

}  // namespace ddbkit::cli

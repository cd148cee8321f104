// The CLI's item input: an item or key given inline or on standard input, as DynamoDB-JSON
// or plain JSON, and --names. Any text is an item or bad input naming the option; an item
// accepted survives a DynamoDB-JSON round trip.
#include "fuzz_check.hpp"

#include "json_arguments.hpp"

#include <ddbkit/value/dynamodb_json.hpp>

#include <fuzzer/FuzzedDataProvider.h>

#include <sstream>

using ddbkit::fuzz::check;

namespace {

template <class T>
void check_bad_input_names_option(const ddbkit::cli::outcome<T>& got, std::string_view option) {
  if (got) return;
  check(got.error().exit_code == 2, "bad input does not exit with 2");
  check(got.error().message.starts_with(option), "bad input does not name the option");
}

void check_item(const ddbkit::cli::outcome<ddbkit::item>& got) {
  check_bad_input_names_option(got, "--item");
  if (!got) return;
  auto again = ddbkit::parse_item(ddbkit::to_dynamodb_json(*got));
  check(again.has_value() && *again == *got, "an accepted item changed in a DynamoDB-JSON round trip");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const bool from_standard_input = input.ConsumeBool();
  const std::string text = input.ConsumeRemainingBytesAsString();
  // `file://…` would read the machine's files and `-` standard input: only the text itself.
  if (!from_standard_input && (text.starts_with("file://") || text == "-")) return 0;

  const std::string argument = from_standard_input ? "-" : text;
  std::istringstream item_input(text);
  ddbkit::cli::json_arguments item_arguments(item_input);
  check_item(item_arguments.attributes("--item", argument));
  std::istringstream names_input(text);
  ddbkit::cli::json_arguments names_arguments(names_input);
  check_bad_input_names_option(names_arguments.names("--names", argument), "--names");
  return 0;
}

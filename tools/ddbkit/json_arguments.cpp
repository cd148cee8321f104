#include "json_arguments.hpp"

#include <ddbkit/value/plain_json.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

namespace ddbkit::cli {
namespace {

constexpr std::string_view file_prefix = "file://";

std::string in_option(std::string_view option, std::string_view message) {
  return std::string(option) + ": " + std::string(message);
}

}  // namespace

outcome<std::string> json_arguments::text(std::string_view option, const std::string& argument) {
  if (argument == "-") {
    if (standard_input_taken_) {
      return std::unexpected(bad_input(in_option(option, "standard input (-) is already read by another argument")));
    }
    standard_input_taken_ = true;
    return std::string(std::istreambuf_iterator<char>(standard_input_), {});
  }
  if (!argument.starts_with(file_prefix)) return argument;
  const std::string path = argument.substr(file_prefix.size());
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return std::unexpected(bad_input(in_option(option, "cannot read " + path + ": " + std::strerror(errno))));
  }
  std::ostringstream content;
  content << file.rdbuf();
  return std::move(content).str();
}

outcome<item> json_arguments::attributes(std::string_view option, const std::string& argument) {
  auto json = text(option, argument);
  if (!json) return std::unexpected(std::move(json.error()));
  auto parsed = parse_item_any(*json);
  if (!parsed) return std::unexpected(bad_input(in_option(option, parsed.error().message())));
  return std::move(*parsed);
}

outcome<expression_names> json_arguments::names(std::string_view option, const std::string& argument) {
  auto json = text(option, argument);
  if (!json) return std::unexpected(std::move(json.error()));
  // Plain JSON decoding does the parsing; a name map is an "item" whose values are all S.
  auto parsed = parse_plain_item(*json);
  if (!parsed) return std::unexpected(bad_input(in_option(option, parsed.error().message())));
  expression_names names;
  for (auto& [placeholder, value] : *parsed) {
    const auto* name = value.as_s();
    if (name == nullptr) {
      return std::unexpected(bad_input(in_option(option, placeholder + ": an attribute name is a JSON string")));
    }
    names.emplace(placeholder, *name);
  }
  return names;
}

}  // namespace ddbkit::cli

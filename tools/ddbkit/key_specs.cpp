#include "key_specs.hpp"

#include <algorithm>

namespace ddbkit::cli {
namespace {

std::optional<scalar_attribute_type> type_named(std::string_view name) {
  if (name == "S") return scalar_attribute_type::s;
  if (name == "N") return scalar_attribute_type::n;
  if (name == "B") return scalar_attribute_type::b;
  return std::nullopt;
}

std::vector<key_schema_element> key_schema_of(const key_attribute& partition, const std::optional<key_attribute>& sort) {
  std::vector<key_schema_element> schema{{.attribute_name = partition.name, .key_type = key_type::hash}};
  if (sort) schema.push_back({.attribute_name = sort->name, .key_type = key_type::range});
  return schema;
}

/// Adds `key`'s definition unless it is there; bad input when it is there with another type.
outcome<void> define(std::vector<attribute_definition>& definitions, const key_attribute& key) {
  const auto same_name = [&](const attribute_definition& d) { return d.attribute_name == key.name; };
  const auto found = std::find_if(definitions.begin(), definitions.end(), same_name);
  if (found == definitions.end()) {
    definitions.push_back({.attribute_name = key.name, .attribute_type = key.type});
    return {};
  }
  if (found->attribute_type != key.type) {
    return std::unexpected(bad_input("key attribute " + key.name + " is given two types: " +
                                     std::string(to_string(found->attribute_type)) + " and " +
                                     std::string(to_string(key.type))));
  }
  return {};
}

}  // namespace

outcome<key_attribute> parse_key_attribute(std::string_view option, std::string_view text) {
  const auto colon = text.find(':');
  key_attribute key{.name = std::string(text.substr(0, colon))};
  if (key.name.empty()) return std::unexpected(bad_input(std::string(option) + ": \"" + std::string(text) + "\" names no attribute"));
  if (colon == std::string_view::npos) return key;
  const auto type = type_named(text.substr(colon + 1));
  if (!type) {
    return std::unexpected(bad_input(std::string(option) + ": the type in \"" + std::string(text) +
                                     "\" is not S, N or B"));
  }
  key.type = *type;
  return key;
}

outcome<index_spec> parse_global_index(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return std::unexpected(bad_input("--gsi wants INDEX:PK[:TYPE][,SK[:TYPE]]; got \"" + std::string(text) + "\""));
  }
  index_spec index{.name = std::string(text.substr(0, colon))};
  const auto keys = text.substr(colon + 1);
  const auto comma = keys.find(',');
  auto partition = parse_key_attribute("--gsi", keys.substr(0, comma));
  if (!partition) return std::unexpected(std::move(partition.error()));
  index.partition = std::move(*partition);
  if (comma != std::string_view::npos) {
    auto sort = parse_key_attribute("--gsi", keys.substr(comma + 1));
    if (!sort) return std::unexpected(std::move(sort.error()));
    index.sort = std::move(*sort);
  }
  return index;
}

outcome<index_spec> parse_local_index(std::string_view text, const key_attribute& table_partition) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return std::unexpected(bad_input("--lsi wants INDEX:SK[:TYPE]; got \"" + std::string(text) + "\""));
  }
  auto sort = parse_key_attribute("--lsi", text.substr(colon + 1));
  if (!sort) return std::unexpected(std::move(sort.error()));
  return index_spec{.name = std::string(text.substr(0, colon)), .partition = table_partition, .sort = std::move(*sort)};
}

outcome<create_table_input> table_definition(std::string table, const key_attribute& partition,
                                             const std::optional<key_attribute>& sort,
                                             const std::vector<index_spec>& global_indexes,
                                             const std::vector<index_spec>& local_indexes) {
  create_table_input in{.table_name = std::move(table), .key_schema = key_schema_of(partition, sort)};
  std::vector<key_attribute> keys{partition};
  if (sort) keys.push_back(*sort);
  for (const auto& index : global_indexes) {
    in.global_secondary_indexes.push_back(
        {.index_name = index.name, .key_schema = key_schema_of(index.partition, index.sort)});
    keys.push_back(index.partition);
    if (index.sort) keys.push_back(*index.sort);
  }
  for (const auto& index : local_indexes) {
    in.local_secondary_indexes.push_back(
        {.index_name = index.name, .key_schema = key_schema_of(index.partition, index.sort)});
    keys.push_back(*index.sort);
  }
  for (const auto& key : keys) {
    if (auto defined = define(in.attribute_definitions, key); !defined) return std::unexpected(std::move(defined.error()));
  }
  return in;
}

}  // namespace ddbkit::cli

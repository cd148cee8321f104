#include <ddbkit/table/table_schema.hpp>

namespace ddbkit {
namespace {

result<key_schema> keys_of(const std::vector<key_schema_element>& elements, std::string_view owner) {
  key_schema out;
  for (const auto& e : elements) {
    auto& slot = e.key_type == key_type::hash ? out.partition : out.sort.emplace();
    if (!slot.empty()) {
      return fail(error_code::serialization, std::string(owner) + ": two " + std::string(to_string(e.key_type)) +
                                                 " elements in the key schema");
    }
    slot = e.attribute_name;
  }
  if (out.partition.empty()) return fail(error_code::serialization, std::string(owner) + ": no HASH key in the key schema");
  if (out.sort && out.sort->empty()) return fail(error_code::serialization, std::string(owner) + ": an empty RANGE key");
  return out;
}

}  // namespace

const index_schema* table_schema::index(std::string_view name) const noexcept {
  for (const auto& i : indexes) {
    if (i.name == name) return &i;
  }
  return nullptr;
}

result<table_schema> table_schema::from(const table_description& description) {
  auto keys = keys_of(description.key_schema, description.table_name);
  if (!keys) return std::unexpected(keys.error());
  table_schema out{.keys = std::move(*keys), .indexes = {}};
  for (const auto& gsi : description.global_secondary_indexes) {
    auto k = keys_of(gsi.key_schema, description.table_name + "." + gsi.index_name);
    if (!k) return std::unexpected(k.error());
    out.indexes.push_back({.name = gsi.index_name, .keys = std::move(*k), .global = true});
  }
  for (const auto& lsi : description.local_secondary_indexes) {
    auto k = keys_of(lsi.key_schema, description.table_name + "." + lsi.index_name);
    if (!k) return std::unexpected(k.error());
    out.indexes.push_back({.name = lsi.index_name, .keys = std::move(*k), .global = false});
  }
  return out;
}

}  // namespace ddbkit

#include "table/key_text.hpp"

#include <ddbkit/value/limits.hpp>

namespace ddbkit::detail {
namespace {

void append_field(std::string& out, char tag, std::string_view text) {
  out += tag;
  out += std::to_string(text.size());
  out += ':';
  out += text;
}

void append_attribute(std::string& out, std::string_view name, const attribute_value& value) {
  append_field(out, 'a', name);
  if (const auto* s = value.as_s()) {
    append_field(out, 's', *s);
  } else if (const auto* n = value.as_n()) {
    append_field(out, 'n', n->canonical());
  } else if (const auto* b = value.as_b()) {
    append_field(out, 'b', std::string_view(reinterpret_cast<const char*>(b->data()), b->size()));
  } else {
    append_field(out, '?', "");  // not a key type: refused before it gets here
  }
}

/// The attribute `name` of `i`, checked as key_schema::key_of() checks it.
result<const attribute_value*> key_attribute(const item& i, const std::string& name, bool partition) {
  const auto it = i.find(name);
  if (it == i.end()) {
    return std::unexpected(
        error::validation("Key." + name, partition ? "the item has no partition key" : "the item has no sort key"));
  }
  if (auto ok = limits::validate_key_attribute(name, it->second, partition, "Key"); !ok) return std::unexpected(ok.error());
  return &it->second;
}

}  // namespace

std::string key_text(std::string_view table, const item& key) {
  std::string out;
  append_field(out, 't', table);
  for (const auto& [name, value] : key) append_attribute(out, name, value);  // a map: the names come sorted
  return out;
}

result<void> key_text_of(std::string& out, std::string_view table, const key_schema& schema, const item& i) {
  auto partition = key_attribute(i, schema.partition, true);
  if (!partition) return std::unexpected(partition.error());
  const attribute_value* sort = nullptr;
  if (schema.sort) {
    auto found = key_attribute(i, *schema.sort, false);
    if (!found) return std::unexpected(found.error());
    sort = *found;
  }
  out.clear();
  append_field(out, 't', table);
  // In name order, as key_text() of a key item (a map) writes them.
  if (sort != nullptr && *schema.sort < schema.partition) {
    append_attribute(out, *schema.sort, *sort);
    append_attribute(out, schema.partition, **partition);
  } else {
    append_attribute(out, schema.partition, **partition);
    if (sort != nullptr) append_attribute(out, *schema.sort, *sort);
  }
  return {};
}

}  // namespace ddbkit::detail

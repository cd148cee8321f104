#include <ddbkit/table/key.hpp>
#include <ddbkit/value/dynamodb_json.hpp>
#include <ddbkit/value/limits.hpp>

namespace ddbkit {
namespace {

result<void> check_value(const std::string& name, const attribute_value& value, bool partition) {
  return limits::validate_key_attribute(name, value, partition, "Key");
}

const attribute_value* find(const item& i, const std::string& name) {
  const auto it = i.find(name);
  return it == i.end() ? nullptr : &it->second;
}

}  // namespace

result<item> key_schema::to_item(const key& k) const {
  if (auto ok = check_value(partition, k.partition, true); !ok) return std::unexpected(ok.error());
  item out{{partition, k.partition}};
  if (sort) {
    if (!k.sort) return std::unexpected(error::validation("Key." + *sort, "the key has no sort key value"));
    if (auto ok = check_value(*sort, *k.sort, false); !ok) return std::unexpected(ok.error());
    out.emplace(*sort, *k.sort);
  } else if (k.sort) {
    return std::unexpected(error::validation("Key", "a sort key value for a table without a sort key"));
  }
  return out;
}

result<key> key_schema::key_of(const item& i) const {
  const auto* p = find(i, partition);
  if (p == nullptr) return std::unexpected(error::validation("Key." + partition, "the item has no partition key"));
  key out{.partition = *p, .sort = std::nullopt};
  if (sort) {
    const auto* s = find(i, *sort);
    if (s == nullptr) return std::unexpected(error::validation("Key." + *sort, "the item has no sort key"));
    out.sort = *s;
  }
  if (auto checked = to_item(out); !checked) return std::unexpected(checked.error());
  return out;
}

result<item> key_schema::key_item_of(const item& i) const {
  auto k = key_of(i);
  if (!k) return std::unexpected(k.error());
  return to_item(*k);
}

std::string detail::partition_key_text(const attribute_value& value) {
  if (const auto* s = value.as_s()) return *s;
  if (const auto* n = value.as_n()) return n->canonical();
  return to_dynamodb_json(value);
}

}  // namespace ddbkit

#include "table/projection_keys.hpp"

#include <algorithm>

namespace ddbkit::detail {

void add_key_attributes(expr::projection_list& projection, const key_schema& keys) {
  if (projection.empty()) return;
  auto has = [&](const std::string& name) {
    return std::ranges::any_of(projection.paths(), [&](const expr::path& p) {
      const auto* top = p.segments().size() == 1 ? std::get_if<std::string>(&p.segments().front()) : nullptr;
      return top != nullptr && *top == name;
    });
  };
  if (!has(keys.partition)) projection.add(expr::path::attribute(keys.partition));
  if (keys.sort && !has(*keys.sort)) projection.add(expr::path::attribute(*keys.sort));
}

}  // namespace ddbkit::detail

#include <ddbkit/table/ttl.hpp>

namespace ddbkit::detail {

std::int64_t epoch_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

bool expired(const item& i, std::string_view attribute, std::int64_t now) {
  auto it = i.find(attribute);
  if (it == i.end()) return false;
  const number* at = it->second.as_n();
  return at != nullptr && *at < number(now);
}

expr::condition alive_at(std::string_view attribute, std::int64_t not_before) {
  const auto ttl = expr::path::attribute(std::string(attribute));
  // One expression: the caller's filter is joined to it by the same placeholder table.
  return ttl.not_exists() || !ttl.has_type(attribute_value::kind::n) || ttl >= number(not_before);
}

}  // namespace ddbkit::detail

#include <ddbkit/table/versioned.hpp>

#include <algorithm>
#include <random>

namespace ddbkit::detail {

result<std::int64_t> version_in(const item& i, std::string_view attribute) {
  auto it = i.find(attribute);
  if (it == i.end()) return 0;
  const number* n = it->second.as_n();
  auto version = n != nullptr ? n->to_int64() : result<std::int64_t>(std::unexpected(error(error_code::serialization, "")));
  if (!version || *version < 0) {
    return fail(error_code::serialization, "version attribute " + std::string(attribute) +
                                               " is not a non-negative integer N");
  }
  return *version;
}

expr::condition version_is(std::string_view attribute, std::int64_t expected) {
  const expr::path version = expr::path::attribute(std::string(attribute));
  // Version 0: no item, or one written before versioning (without the attribute, or with
  // a T's version member still 0).
  if (expected == 0) return version.not_exists() || version == number(0);
  return version == number(expected);
}

item with_version(item value, std::string_view attribute, std::int64_t version) {
  value.insert_or_assign(std::string(attribute), number(version));
  return value;
}

std::chrono::milliseconds version_backoff(const version_retry_options& options, int retry) {
  const int doublings = std::min(retry - 1, 30);
  const auto ceiling = std::min<std::int64_t>(options.max_delay.count(), options.base_delay.count() << doublings);
  double unit = 0;
  if (options.random) {
    unit = options.random();
  } else {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    unit = std::uniform_real_distribution<double>(0.0, 1.0)(generator);
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(unit * static_cast<double>(ceiling)));
}

result<void> check_expected_version(std::int64_t expected) {
  if (expected < 0) return std::unexpected(error::validation("expected_version", "a version is 0 (no item) or more"));
  return {};
}

}  // namespace ddbkit::detail

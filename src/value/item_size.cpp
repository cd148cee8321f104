#include <ddbkit/value/item_size.hpp>

#include "value/decimal.hpp"

namespace ddbkit {
namespace {

// DynamoDB's documented sizing ("Item sizes and formats"): a number takes one byte per two
// significant digits plus one, and a negative one a byte more; lists and maps take 3 bytes
// of overhead plus one byte per element.
std::size_t number_size(const number& n) {
  const auto d = detail::parse_decimal(n.text()).value_or(detail::decimal{});
  return (d.digits.size() + 1) / 2 + 1 + (d.negative && !d.is_zero() ? 1 : 0);
}

struct size_of {
  std::size_t operator()(const std::string& s) const { return s.size(); }
  std::size_t operator()(const number& n) const { return number_size(n); }
  std::size_t operator()(const bytes& b) const { return b.size(); }
  std::size_t operator()(bool) const { return 1; }
  std::size_t operator()(null_value) const { return 1; }
  std::size_t operator()(const attribute_value::list_type& l) const {
    std::size_t total = 3;
    for (const auto& v : l) total += 1 + attribute_size(v);
    return total;
  }
  std::size_t operator()(const item& m) const {
    std::size_t total = 3;
    for (const auto& [name, v] : m) total += 1 + attribute_size(name, v);
    return total;
  }
  std::size_t operator()(const attribute_value::string_set& s) const {
    std::size_t total = 0;
    for (const auto& m : s) total += m.size();
    return total;
  }
  std::size_t operator()(const attribute_value::number_set& s) const {
    std::size_t total = 0;
    for (const auto& m : s) total += number_size(m);
    return total;
  }
  std::size_t operator()(const attribute_value::binary_set& s) const {
    std::size_t total = 0;
    for (const auto& m : s) total += m.size();
    return total;
  }
};

}  // namespace

std::size_t attribute_size(const attribute_value& value) noexcept { return value.visit(size_of{}); }

std::size_t attribute_size(std::string_view name, const attribute_value& value) noexcept {
  return name.size() + attribute_size(value);
}

std::size_t item_size(const item& value) noexcept {
  std::size_t total = 0;
  for (const auto& [name, v] : value) total += attribute_size(name, v);
  return total;
}

}  // namespace ddbkit

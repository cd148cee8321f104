// The non-template parts of attribute_traits and typed items.
#include <ddbkit/value/attribute_traits.hpp>
#include <ddbkit/value/typed_item.hpp>

#include "value/decimal.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

namespace ddbkit {
namespace detail {

result<number> float_to_number(float value) {
  if (!std::isfinite(value)) return std::unexpected(error::validation("", "NaN and infinity are not numbers in DynamoDB"));
  char buffer[32];
  // The float's own shortest text ("0.1"), not that of the double it widens to
  // ("0.10000000149011612").
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc{}) return std::unexpected(error::validation("", "cannot format float"));
  return number::parse(std::string_view(buffer, static_cast<std::size_t>(end - buffer)));
}

result<float> number_to_float(const number& n) {
  const std::string& text = n.text();
  float value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return fail(error_code::serialization, "number " + text + " is out of range for a float");
  }
  auto back = float_to_number(value);
  if (!back || *back != n) {
    return fail(error_code::serialization, "number " + text + " is not exactly representable as a float");
  }
  return value;
}

error integer_range_error(const attribute_path& path, const number& n, int bits, bool is_signed) {
  return invalid_attribute_error(path, "number " + n.text() + " does not fit in a " + std::to_string(bits) + "-bit " +
                                           (is_signed ? "signed" : "unsigned") + " integer");
}

result<number> epoch_to_number(std::int64_t count, std::int64_t num, int den_exponent) {
  std::int64_t ticks = 0;
  if (__builtin_mul_overflow(count, num, &ticks)) {
    return std::unexpected(error::validation("", "time point is out of range"));
  }
  // |ticks| as unsigned, so that INT64_MIN has a magnitude too.
  const std::uint64_t magnitude = ticks < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(ticks) : static_cast<std::uint64_t>(ticks);
  std::string digits = std::to_string(magnitude);
  const auto scale = static_cast<std::size_t>(den_exponent);
  if (digits.size() <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
  std::string whole = digits.substr(0, digits.size() - scale);
  std::string fraction = digits.substr(digits.size() - scale);
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  std::string text = (ticks < 0 ? "-" : "") + whole;
  if (!fraction.empty()) text += "." + fraction;
  return number::parse(text);
}

result<std::int64_t> number_to_epoch(const number& seconds, std::int64_t num, int den_exponent) {
  const auto d = parse_decimal(seconds.text());
  if (!d) return fail(error_code::serialization, "'" + seconds.text() + "' is not a number");
  if (d->is_zero()) return std::int64_t{0};
  // ticks × num = seconds × 10^den_exponent, which must be a whole number of ticks.
  const long shift = d->exponent + den_exponent;
  if (shift < 0) {
    return fail(error_code::serialization, "time " + seconds.text() + " is finer than the time point's precision");
  }
  if (shift + static_cast<long>(d->digits.size()) > 19) {
    return fail(error_code::serialization, "time " + seconds.text() + " is out of range");
  }
  const std::string scaled = (d->negative ? "-" : "") + d->digits + std::string(static_cast<std::size_t>(shift), '0');
  std::int64_t scaled_value = 0;
  auto [end, ec] = std::from_chars(scaled.data(), scaled.data() + scaled.size(), scaled_value);
  if (ec != std::errc{} || end != scaled.data() + scaled.size()) {
    return fail(error_code::serialization, "time " + seconds.text() + " is out of range");
  }
  if (scaled_value % num != 0) {
    return fail(error_code::serialization, "time " + seconds.text() + " is finer than the time point's precision");
  }
  return scaled_value / num;
}

error unnamed_enumerator_error(const attribute_path& path, long long value) {
  std::string field = path.str();
  return error::validation(std::move(field), "enum value " + std::to_string(value) + " has no described name");
}

error unknown_enumerator_error(const attribute_path& path, std::string_view name) {
  return invalid_attribute_error(path, "'" + std::string(name.substr(0, 64)) + "' is not a name of the enum");
}

error not_an_item_error(attribute_value::kind got) {
  return error(error_code::serialization, "the type maps to " + std::string(to_string(got)) + ", not to an item (M)");
}

}  // namespace detail

result<attribute_value> attribute_traits<double>::to(double value, const attribute_path& path) {
  auto n = number::from_double(value);
  if (!n) return std::unexpected(error_at(path, n.error()));
  return attribute_value(std::move(*n));
}

result<double> attribute_traits<double>::from(const attribute_value& value, const attribute_path& path) {
  const number* n = value.as_n();
  if (!n) return std::unexpected(wrong_type_error(path, attribute_value::kind::n, value));
  auto v = n->to_double();
  if (!v) return std::unexpected(error_at(path, v.error()));
  return *v;
}

result<attribute_value> attribute_traits<float>::to(float value, const attribute_path& path) {
  auto n = detail::float_to_number(value);
  if (!n) return std::unexpected(error_at(path, n.error()));
  return attribute_value(std::move(*n));
}

result<float> attribute_traits<float>::from(const attribute_value& value, const attribute_path& path) {
  const number* n = value.as_n();
  if (!n) return std::unexpected(wrong_type_error(path, attribute_value::kind::n, value));
  auto v = detail::number_to_float(*n);
  if (!v) return std::unexpected(error_at(path, v.error()));
  return *v;
}

result<attribute_value> attribute_traits<bool>::to(bool value, const attribute_path&) { return attribute_value(value); }

result<bool> attribute_traits<bool>::from(const attribute_value& value, const attribute_path& path) {
  const bool* b = value.as_bool();
  if (!b) return std::unexpected(wrong_type_error(path, attribute_value::kind::boolean, value));
  return *b;
}

result<attribute_value> attribute_traits<std::string>::to(const std::string& value, const attribute_path&) {
  return attribute_value(value);
}

result<std::string> attribute_traits<std::string>::from(const attribute_value& value, const attribute_path& path) {
  const std::string* s = value.as_s();
  if (!s) return std::unexpected(wrong_type_error(path, attribute_value::kind::s, value));
  return *s;
}

result<attribute_value> attribute_traits<bytes>::to(const bytes& value, const attribute_path&) { return attribute_value(value); }

result<bytes> attribute_traits<bytes>::from(const attribute_value& value, const attribute_path& path) {
  const bytes* b = value.as_b();
  if (!b) return std::unexpected(wrong_type_error(path, attribute_value::kind::b, value));
  return *b;
}

result<attribute_value> attribute_traits<std::vector<std::byte>>::to(const std::vector<std::byte>& value,
                                                                      const attribute_path&) {
  bytes out(value.size());
  if (!value.empty()) std::memcpy(out.data(), value.data(), value.size());
  return attribute_value(std::move(out));
}

result<std::vector<std::byte>> attribute_traits<std::vector<std::byte>>::from(const attribute_value& value,
                                                                               const attribute_path& path) {
  const bytes* b = value.as_b();
  if (!b) return std::unexpected(wrong_type_error(path, attribute_value::kind::b, value));
  std::vector<std::byte> out(b->size());
  if (!b->empty()) std::memcpy(out.data(), b->data(), b->size());
  return out;
}

result<attribute_value> attribute_traits<item>::to(const item& value, const attribute_path&) { return attribute_value(value); }

result<item> attribute_traits<item>::from(const attribute_value& value, const attribute_path& path) {
  const item* m = value.as_m();
  if (!m) return std::unexpected(wrong_type_error(path, attribute_value::kind::m, value));
  return *m;
}

}  // namespace ddbkit

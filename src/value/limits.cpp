#include <ddbkit/value/item_size.hpp>
#include <ddbkit/value/limits.hpp>

#include <algorithm>

namespace ddbkit::limits {
namespace {

struct checker {
  std::string path;

  result<void> fail_here(std::string message) const { return std::unexpected(error::validation(path, std::move(message))); }

  result<void> check(const attribute_value& v, std::size_t depth) {
    switch (v.type()) {
      case attribute_value::kind::ss:
        if (v.as_ss()->empty()) return fail_here("empty string set (DynamoDB has no empty sets)");
        return {};
      case attribute_value::kind::ns:
        if (v.as_ns()->empty()) return fail_here("empty number set (DynamoDB has no empty sets)");
        return {};
      case attribute_value::kind::bs:
        if (v.as_bs()->empty()) return fail_here("empty binary set (DynamoDB has no empty sets)");
        return {};
      case attribute_value::kind::l: {
        if (depth >= max_nesting_depth) return fail_here("nested deeper than 32 levels");
        const std::size_t base = path.size();
        std::size_t index = 0;
        for (const auto& element : *v.as_l()) {
          path.append("[").append(std::to_string(index++)).append("]");
          if (auto r = check(element, depth + 1); !r) return r;
          path.resize(base);
        }
        return {};
      }
      case attribute_value::kind::m: {
        if (depth >= max_nesting_depth) return fail_here("nested deeper than 32 levels");
        return check_map(*v.as_m(), depth + 1);
      }
      default:
        return {};
    }
  }

  result<void> check_map(const item& m, std::size_t depth) {
    const std::size_t base = path.size();
    for (const auto& [name, value] : m) {
      if (name.empty()) return fail_here("empty attribute name");
      if (name.size() > max_attribute_name_size) return fail_here("attribute name longer than 64 KB");
      path.append(".").append(name);
      if (auto r = check(value, depth); !r) return r;
      path.resize(base);
    }
    return {};
  }
};

}  // namespace

result<void> validate_value(const attribute_value& value, std::string_view field) {
  checker c{std::string(field)};
  return c.check(value, 0);
}

result<void> validate_item(const item& value, std::string_view field) {
  checker c{std::string(field)};
  if (auto r = c.check_map(value, 0); !r) return r;
  if (const auto size = item_size(value); size > max_item_size) {
    return std::unexpected(error::validation(
        std::string(field), "item size " + std::to_string(size) + " bytes exceeds DynamoDB's 400 KB limit"));
  }
  return {};
}

result<void> validate_key_attribute(std::string_view name, const attribute_value& value, bool is_partition_key,
                                    std::string_view field) {
  // The path is built only for a refusal: this runs for every key of every request.
  auto refuse = [&](std::string message) -> result<void> {
    std::string path;
    path.reserve(field.size() + 1 + name.size());
    path.append(field).append(1, '.').append(name);
    return std::unexpected(error::validation(std::move(path), std::move(message)));
  };
  if (name.empty()) return std::unexpected(error::validation(std::string(field), "empty key attribute name"));
  if (name.size() > max_key_attribute_name_size) return refuse("key attribute name longer than 255 bytes");
  std::size_t size = 0;
  switch (value.type()) {
    case attribute_value::kind::s: size = value.as_s()->size(); break;
    case attribute_value::kind::b: size = value.as_b()->size(); break;
    case attribute_value::kind::n: return {};
    default: return refuse("a key attribute must be of type S, N or B, not " + std::string(to_string(value.type())));
  }
  if (size == 0) return refuse("a key attribute must not be empty");
  const std::size_t limit = is_partition_key ? max_partition_key_size : max_sort_key_size;
  if (size > limit) {
    return refuse((is_partition_key ? "partition key is " : "sort key is ") + std::to_string(size) +
                  " bytes, over the limit of " + std::to_string(limit));
  }
  return {};
}

result<void> validate_placeholder(std::string_view placeholder, char sigil, std::string_view field) {
  const bool well_formed = placeholder.size() >= 2 && placeholder.front() == sigil &&
                           std::all_of(placeholder.begin() + 1, placeholder.end(), is_placeholder_char);
  if (!well_formed) {
    return std::unexpected(error::validation(std::string(field), "malformed placeholder '" + std::string(placeholder) +
                                                                     "': '" + sigil + "' then letters, digits or '_'"));
  }
  if (placeholder.size() > max_placeholder_size) {
    return std::unexpected(error::validation(
        std::string(field), "placeholder longer than " + std::to_string(max_placeholder_size) + " bytes"));
  }
  return {};
}

result<void> validate_expression_text(std::string_view expression, std::string_view field) {
  if (expression.empty()) return std::unexpected(error::validation(std::string(field), "must not be empty"));
  if (expression.size() > max_expression_size) {
    return std::unexpected(error::validation(std::string(field), "is " + std::to_string(expression.size()) +
                                                                     " bytes, over DynamoDB's 4 KB limit"));
  }
  return {};
}

}  // namespace ddbkit::limits

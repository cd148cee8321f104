#include "model/validation.hpp"

#include <ddbkit/value/limits.hpp>

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ddbkit::detail {
namespace {
result<void> refuse(std::string_view field, std::string message) {
  return std::unexpected(error::validation(std::string(field), std::move(message)));
}
/// The field an error about one member names: "field[inside]" (a placeholder, an index).
std::string bracketed(std::string_view field, std::string_view inside) {
  return std::string(field).append("[").append(inside).append("]");
}
bool table_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/// `value` holds every attribute of `key` with an equal value.
bool holds_key(const item& value, const item& key) {
  for (const auto& [name, v] : key) {
    const auto it = value.find(name);
    if (it == value.end() || !(it->second == v)) return false;
  }
  return true;
}

/// Two whole items agree on every attribute named in `key`, and hold them all.
bool same_on(const item& a, const item& b, const item& key) {
  for (const auto& entry : key) {
    const auto ia = a.find(entry.first);
    const auto ib = b.find(entry.first);
    if (ia == a.end() || ib == b.end() || !(ia->second == ib->second)) return false;
  }
  return true;
}

/// A fingerprint of a whole item: equal items have equal fingerprints (numbers by their
/// canonical text; lists, maps and sets by their type alone), so unequal fingerprints
/// spare the comparison of two whole items, which dominated the cost of serializing a
/// BatchWriteItem (bench_table_throughput under callgrind).
std::uint64_t fingerprint(const item& i) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  auto mix = [&h](std::string_view bytes) {
    for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;  // a separator: "ab","c" differs from "a","bc"
  };
  for (const auto& [name, value] : i) {
    mix(name);
    const char type = static_cast<char>('0' + static_cast<int>(value.type()));
    mix(std::string_view(&type, 1));
    if (const auto* s = value.as_s()) {
      mix(*s);
    } else if (const auto* n = value.as_n()) {
      mix(n->canonical());
    } else if (const auto* b = value.as_b()) {
      mix(std::string_view(reinterpret_cast<const char*>(b->data()), b->size()));
    }
  }
  return h;
}

bool same_target(const write_target& a, std::uint64_t a_print, const write_target& b, std::uint64_t b_print,
                 const item* schema_key) {
  if (!a.is_whole_item && !b.is_whole_item) return *a.value == *b.value;
  if (!b.is_whole_item) return holds_key(*a.value, *b.value);
  if (!a.is_whole_item) return holds_key(*b.value, *a.value);
  return (a_print == b_print && *a.value == *b.value) ||
         (schema_key != nullptr && same_on(*a.value, *b.value, *schema_key));
}

}  // namespace

std::optional<std::size_t> first_same_target(std::span<const write_target> targets) {
  std::vector<std::uint64_t> prints(targets.size(), 0);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (targets[i].is_whole_item) prints[i] = fingerprint(*targets[i].value);
  }
  for (std::size_t i = 1; i < targets.size(); ++i) {
    const item* schema_key = nullptr;
    for (const auto& t : targets) {
      if (t.table == targets[i].table && !t.is_whole_item && !t.value->empty()) {
        schema_key = t.value;
        break;
      }
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (targets[j].table == targets[i].table &&
          same_target(targets[i], prints[i], targets[j], prints[j], schema_key)) {
        return i;
      }
    }
  }
  return std::nullopt;
}

result<void> check_table_name(std::string_view name, std::string_view field) {
  if (name.size() < 3 || name.size() > 255) return refuse(field, "must be 3 to 255 characters long");
  for (char c : name) {
    if (!table_name_char(c)) return refuse(field, "may hold only a-z, A-Z, 0-9, '_', '-' and '.'");
  }
  return {};
}

result<void> check_key(const item& key, std::string_view field) {
  if (key.empty()) return refuse(field, "a key needs its partition key attribute");
  if (key.size() > 2) return refuse(field, "a key has at most two attributes (partition and sort key)");
  for (const auto& [name, value] : key) {
    // The schema is not known here, so the partition key's (larger) limit applies to both.
    if (auto r = limits::validate_key_attribute(name, value, true, field); !r) return r;
  }
  return {};
}

result<void> check_item(const item& i, std::string_view field) {
  if (i.empty()) return refuse(field, "an item needs at least its key attributes");
  return limits::validate_item(i, field);
}

result<void> check_expression(const std::optional<std::string>& expression, std::string_view field) {
  if (!expression) return {};
  return check_expression(*expression, field);
}

result<void> check_expression(const std::string& expression, std::string_view field) {
  return limits::validate_expression_text(expression, field);
}

// A placeholder is checked against the bare field first; its own field name,
// "field[placeholder]", is built only to report a failure (checked again under it), not
// as a string per placeholder of every call.
result<void> check_names(const expression_names& names, std::string_view field) {
  for (const auto& [placeholder, name] : names) {
    if (limits::validate_placeholder(placeholder, '#', field) && !name.empty()) continue;
    const std::string at = bracketed(field, placeholder);
    if (auto r = limits::validate_placeholder(placeholder, '#', at); !r) return r;
    return refuse(at, "empty attribute name");
  }
  return {};
}

result<void> check_values(const item& values, std::string_view field) {
  for (const auto& [placeholder, value] : values) {
    if (limits::validate_placeholder(placeholder, ':', field) && limits::validate_value(value, field)) continue;
    const std::string at = bracketed(field, placeholder);
    if (auto r = limits::validate_placeholder(placeholder, ':', at); !r) return r;
    return limits::validate_value(value, at);
  }
  return {};
}

result<void> check_limit(const std::optional<int>& limit, std::string_view field) {
  if (limit && *limit < 1) return refuse(field, "must be at least 1");
  return {};
}

result<void> check_client_request_token(std::optional<std::string_view> token, std::string_view field) {
  if (token && (token->empty() || token->size() > 36)) return refuse(field, "must be 1 to 36 characters long");
  return {};
}

std::optional<std::string_view> request_token(const std::optional<std::string>& own, const request_defaults& defaults) {
  if ((!own || own->empty()) && !defaults.client_request_token.empty()) return defaults.client_request_token;
  return own;
}

result<void> check_throughput(const std::optional<provisioned_throughput>& t, std::string_view field) {
  if (!t) return {};
  if (t->read_capacity_units < 1) return refuse(std::string(field) + ".ReadCapacityUnits", "must be at least 1");
  if (t->write_capacity_units < 1) return refuse(std::string(field) + ".WriteCapacityUnits", "must be at least 1");
  return {};
}

result<void> check_start_key(const std::optional<item>& key, std::string_view field) {
  if (!key) return {};
  if (key->empty()) return refuse(field, "an empty start key: leave it unset to start at the beginning");
  for (const auto& [name, value] : *key) {
    if (auto r = limits::validate_value(value, std::string(field) + "." + name); !r) return r;
  }
  return {};
}

result<void> check_count(std::size_t n, std::size_t max, std::string_view field, std::string_view what) {
  if (n == 0 || n > max) {
    return refuse(field, "must hold 1 to " + std::to_string(max) + " " + std::string(what) + ", has " + std::to_string(n));
  }
  return {};
}

result<void> check_length(std::string_view text, std::size_t max, std::string_view field) {
  // Continuation bytes (10xxxxxx) do not start a character.
  const auto length = static_cast<std::size_t>(
      std::ranges::count_if(text, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  if (length == 0 || length > max) {
    return refuse(field, "must be 1 to " + std::to_string(max) + " characters long, is " + std::to_string(length));
  }
  return {};
}

result<void> refuse_if(bool condition, std::string_view field, std::string message) {
  if (condition) return refuse(field, std::move(message));
  return {};
}

result<void> check_expressions(const expression_fields& e, const std::string& op) {
  const std::pair<const std::optional<std::string>*, const char*> expressions[] = {
      {e.condition, "ConditionExpression"}, {e.update, "UpdateExpression"}, {e.projection, "ProjectionExpression"},
      {e.key_condition, "KeyConditionExpression"}, {e.filter, "FilterExpression"}};
  // A field's name is built only for what the input has: most calls have few expressions,
  // and the name is text for an error that rarely comes.
  for (const auto& [expression, name] : expressions) {
    if (expression == nullptr || !expression->has_value()) continue;
    if (auto r = check_expression(**expression, op + "." + name); !r) return r;
  }
  if (e.names != nullptr && !e.names->empty()) {
    if (auto r = check_names(*e.names, op + ".ExpressionAttributeNames"); !r) return r;
  }
  if (e.values != nullptr && !e.values->empty()) {
    if (auto r = check_values(*e.values, op + ".ExpressionAttributeValues"); !r) return r;
  }
  return {};
}

std::string indexed(std::string_view field, std::size_t i) { return bracketed(field, std::to_string(i)); }

}  // namespace ddbkit::detail

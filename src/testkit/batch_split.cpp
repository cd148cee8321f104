#include "testkit/batch_split.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>

namespace ddbkit::testkit::detail {
namespace json = boost::json;

namespace {

bool is_write(std::string_view operation) { return operation == "BatchWriteItem"; }

/// The list of units (write requests or keys) of one table's entry in RequestItems.
json::array* units_of(std::string_view operation, json::value& entry) {
  if (is_write(operation)) return entry.if_array();
  auto* object = entry.if_object();
  if (object == nullptr) return nullptr;
  auto* keys = object->if_contains("Keys");
  return keys != nullptr ? keys->if_array() : nullptr;
}

result<json::object> parse_object(std::string_view body) {
  json::error_code ec;
  json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) return fail(error_code::serialization, "not a JSON object");
  return std::move(parsed.as_object());
}

}  // namespace

result<batch_split> split_batch(std::string_view operation, std::string_view request_body, double forward_share) {
  auto request = parse_object(request_body);
  if (!request) return std::unexpected(request.error());
  auto* items_value = request->if_contains("RequestItems");
  auto* items = items_value != nullptr ? items_value->if_object() : nullptr;
  if (items == nullptr) return fail(error_code::serialization, "no RequestItems object");

  std::size_t total = 0;
  for (auto& [table, entry] : *items) {
    auto* units = units_of(operation, entry);
    if (units == nullptr) return fail(error_code::serialization, "malformed RequestItems entry");
    total += units->size();
  }
  if (total == 0) return fail(error_code::serialization, "empty batch");
  // DynamoDB answers a batch only when it processed part of it (else it throws
  // ProvisionedThroughputExceededException): a batch of one has no part to answer.
  if (total == 1) return fail(error_code::serialization, "a batch of one cannot be answered in part");

  const double share = std::clamp(forward_share, 0.0, 1.0);
  const auto wanted = static_cast<std::size_t>(std::floor(static_cast<double>(total) * share));
  std::size_t budget = std::clamp<std::size_t>(wanted, 1, total - 1);

  batch_split split;
  json::object forwarded_items;
  for (auto& [table, entry] : *items) {
    split.tables.emplace_back(table);
    auto& units = *units_of(operation, entry);
    const std::size_t keep = std::min(budget, units.size());
    budget -= keep;
    json::array rest(units.begin() + static_cast<std::ptrdiff_t>(keep), units.end());
    units.erase(units.begin() + static_cast<std::ptrdiff_t>(keep), units.end());
    split.forwarded += keep;
    split.held_back += rest.size();
    if (is_write(operation)) {
      if (!rest.empty()) split.unprocessed[table] = std::move(rest);
      if (keep > 0) forwarded_items[table] = std::move(entry);
    } else {
      // The held-back keys keep their table's ProjectionExpression, ConsistentRead, ...
      if (!rest.empty()) {
        json::object held = entry.as_object();
        held["Keys"] = std::move(rest);
        split.unprocessed[table] = std::move(held);
      }
      if (keep > 0) forwarded_items[table] = std::move(entry);
    }
  }
  (*request)["RequestItems"] = std::move(forwarded_items);
  split.forwarded_body = json::serialize(*request);
  return split;
}

result<std::string> merge_unprocessed(std::string_view operation, std::string_view response_body,
                                      const batch_split& split) {
  auto parsed = parse_object(response_body);
  if (!parsed) return std::unexpected(parsed.error());
  json::object& response = *parsed;
  const char* field = is_write(operation) ? "UnprocessedItems" : "UnprocessedKeys";
  if (!response[field].is_object()) response[field] = json::object();
  auto& unprocessed = response[field].as_object();
  for (const auto& [table, held] : split.unprocessed) {
    auto* existing = unprocessed.if_contains(table);
    if (existing == nullptr) {
      unprocessed[table] = held;
      continue;
    }
    // The upstream left some of the forwarded part unprocessed too: one list per table.
    json::array* into = is_write(operation) ? existing->if_array() : nullptr;
    const json::array* from = is_write(operation) ? held.if_array() : nullptr;
    if (!is_write(operation)) {
      auto* keys = existing->is_object() ? existing->as_object().if_contains("Keys") : nullptr;
      into = keys != nullptr ? keys->if_array() : nullptr;
      from = held.as_object().at("Keys").if_array();
    }
    if (into == nullptr || from == nullptr) return fail(error_code::serialization, "malformed " + std::string(field));
    into->insert(into->end(), from->begin(), from->end());
  }
  if (!is_write(operation)) {
    if (!response["Responses"].is_object()) response["Responses"] = json::object();
    auto& responses = response["Responses"].as_object();
    for (const auto& table : split.tables) {
      if (!responses.contains(table)) responses[table] = json::array();
    }
  }
  return json::serialize(response);
}

}  // namespace ddbkit::testkit::detail

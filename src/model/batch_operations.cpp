// BatchGetItem and BatchWriteItem.
#include <ddbkit/model/serialization.hpp>

#include "model/common_json.hpp"
#include "model/json_write.hpp"
#include "model/validation.hpp"

#include <ddbkit/value/dynamodb_json.hpp>

#include <set>

namespace ddbkit {

using namespace detail;

namespace {

result<void> check_batch_write(const batch_write_item_input& in) {
  std::size_t total = 0;
  for (const auto& [table, requests] : in.request_items) {
    const std::string at = "BatchWriteItem.RequestItems[" + table + "]";
    if (auto r = check_table_name(table, at); !r) return r;
    if (requests.empty()) return std::unexpected(error::validation(at, "no requests for this table"));
    // The key schema is unknown here: identical delete keys and identical put items are
    // duplicates for certain; DynamoDB catches a put and a delete of one key.
    std::set<std::string> seen, deletes;  // by encoding: items have no ordering
    for (std::size_t i = 0; i < requests.size(); ++i) {
      const std::string field = at + "[" + std::to_string(i) + "]";
      if (const item* put = requests[i].put_item()) {
        if (auto r = check_item(*put, field); !r) return r;
        if (!seen.insert(to_dynamodb_json(*put)).second) return std::unexpected(error::validation(field, "the same item twice in one batch"));
      } else if (const item* key = requests[i].delete_key()) {
        if (auto r = check_key(*key, field); !r) return r;
        if (!deletes.insert(to_dynamodb_json(*key)).second) return std::unexpected(error::validation(field, "the same key twice in one batch"));
      }
    }
    total += requests.size();
  }
  if (total == 0 || total > max_batch_write_requests) {
    return std::unexpected(error::validation("BatchWriteItem.RequestItems", "must hold 1 to 25 requests, has " +
                                                                                std::to_string(total)));
  }
  return {};
}

void write_write_requests(json_writer& w, const write_requests& requests) {
  w.begin_object();
  for (const auto& [table, list] : requests) {
    w.key(table);
    w.begin_array();
    for (const auto& request : list) {
      w.begin_object();
      if (const item* put = request.put_item()) {
        w.key("PutRequest");
        w.begin_object();
        write_item_member(w, "Item", *put);
        w.end_object();
      } else if (const item* key = request.delete_key()) {
        w.key("DeleteRequest");
        w.begin_object();
        write_item_member(w, "Key", *key);
        w.end_object();
      }
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

result<void> check_batch_get(const batch_get_item_input& in) {
  std::size_t total = 0;
  for (const auto& [table, request] : in.request_items) {
    const std::string at = "BatchGetItem.RequestItems[" + table + "]";
    if (auto r = check_table_name(table, at); !r) return r;
    if (request.keys.empty()) return std::unexpected(error::validation(at, "no keys for this table"));
    std::set<std::string> seen;
    for (std::size_t i = 0; i < request.keys.size(); ++i) {
      const std::string field = at + ".Keys[" + std::to_string(i) + "]";
      if (auto r = check_key(request.keys[i], field); !r) return r;
      if (!seen.insert(to_dynamodb_json(request.keys[i])).second) return std::unexpected(error::validation(field, "the same key twice"));
    }
    if (auto r = first_failure(check_expression(request.projection_expression, at + ".ProjectionExpression"),
                               check_names(request.expression_attribute_names, at + ".ExpressionAttributeNames"));
        !r) {
      return r;
    }
    total += request.keys.size();
  }
  if (total == 0 || total > max_batch_get_keys) {
    return std::unexpected(error::validation("BatchGetItem.RequestItems", "must hold 1 to 100 keys, has " +
                                                                              std::to_string(total)));
  }
  return {};
}

void write_keys_and_attributes(json_writer& w, const keys_and_attributes& k) {
  w.begin_object();
  w.key("Keys");
  w.begin_array();
  for (const auto& key : k.keys) write_item(w, key);
  w.end_array();
  if (k.consistent_read) w.member("ConsistentRead", true);
  write_optional(w, "ProjectionExpression", k.projection_expression);
  write_placeholders(w, k.expression_attribute_names, nullptr);
  w.end_object();
}

void read_keys_and_attributes(json_reader& r, keys_and_attributes& k) {
  r.read("Keys", k.keys);
  r.read("ConsistentRead", k.consistent_read);
  r.read("ProjectionExpression", k.projection_expression);
  r.read_map("ExpressionAttributeNames", k.expression_attribute_names,
             [](json_reader& parent, const boost::json::value& v, const std::string& path, std::string& out) {
               if (const auto* s = v.if_string()) out = std::string(s->data(), s->size());
               else parent.set_error(error(error_code::serialization, path + ": expected a string"));
             });
}

}  // namespace

result<std::string> serialize(const batch_write_item_input& in) {
  if (auto r = check_batch_write(in); !r) return std::unexpected(r.error());
  auto body = json_object([&](json_writer& w) {
    w.key("RequestItems");
    write_write_requests(w, in.request_items);
    write_optional(w, "ReturnConsumedCapacity", in.return_consumed_capacity);
    write_optional(w, "ReturnItemCollectionMetrics", in.return_item_collection_metrics);
  });
  if (body.size() > max_batch_write_bytes) {
    return std::unexpected(error::validation("BatchWriteItem", "request is over DynamoDB's 16 MB limit"));
  }
  return body;
}

result<std::string> serialize(const batch_get_item_input& in) {
  if (auto r = check_batch_get(in); !r) return std::unexpected(r.error());
  return json_object([&](json_writer& w) {
    w.key("RequestItems");
    w.begin_object();
    for (const auto& [table, request] : in.request_items) {
      w.key(table);
      write_keys_and_attributes(w, request);
    }
    w.end_object();
    write_optional(w, "ReturnConsumedCapacity", in.return_consumed_capacity);
  });
}

template <>
result<batch_write_item_output> parse_output<batch_write_item_output>(std::string_view json) {
  return parse_with<batch_write_item_output>(json, [](json_reader& r, batch_write_item_output& out) {
    r.read_map("UnprocessedItems", out.unprocessed_items,
               [](json_reader& parent, const boost::json::value& v, const std::string& path,
                  std::vector<write_request>& requests) {
                 const auto* array = v.if_array();
                 if (array == nullptr) return parent.set_error(error(error_code::serialization, path + ": expected an array"));
                 for (std::size_t i = 0; i < array->size(); ++i) {
                   json_reader entry((*array)[i], path + "[" + std::to_string(i) + "]");
                   std::optional<item> put, key;
                   std::optional<std::optional<item>> put_request, delete_request;
                   entry.read_object("PutRequest", put_request, [](json_reader& p, std::optional<item>& i2) { p.read("Item", i2); });
                   entry.read_object("DeleteRequest", delete_request, [](json_reader& d, std::optional<item>& k) { d.read("Key", k); });
                   if (!entry.ok()) return parent.adopt(entry);
                   if (put_request && *put_request) requests.push_back(write_request::put(std::move(**put_request)));
                   else if (delete_request && *delete_request) requests.push_back(write_request::remove(std::move(**delete_request)));
                   else return parent.set_error(error(error_code::serialization, path + ": neither PutRequest nor DeleteRequest"));
                 }
               });
    read_consumed_capacity_member(r, out.consumed_capacity);
    read_item_collection_metrics_map(r, out.item_collection_metrics);
  });
}

template <>
result<batch_get_item_output> parse_output<batch_get_item_output>(std::string_view json) {
  return parse_with<batch_get_item_output>(json, [](json_reader& r, batch_get_item_output& out) {
    r.read_map("Responses", out.responses,
               [](json_reader& parent, const boost::json::value& v, const std::string& path, std::vector<item>& items) {
                 const auto* array = v.if_array();
                 if (array == nullptr) return parent.set_error(error(error_code::serialization, path + ": expected an array"));
                 for (std::size_t i = 0; i < array->size(); ++i) {
                   auto decoded = read_item((*array)[i], path + "[" + std::to_string(i) + "]");
                   if (!decoded) return parent.set_error(decoded.error());
                   items.push_back(std::move(*decoded));
                 }
               });
    r.read_map("UnprocessedKeys", out.unprocessed_keys,
               [](json_reader& parent, const boost::json::value& v, const std::string& path, keys_and_attributes& k) {
                 json_reader child(v, path);
                 if (child.ok()) read_keys_and_attributes(child, k);
                 parent.adopt(child);
               });
    read_consumed_capacity_member(r, out.consumed_capacity);
  });
}

}  // namespace ddbkit

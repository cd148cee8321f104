// BatchGetItem and BatchWriteItem.
#include <ddbkit/model/serialization.hpp>

#include "model/batch_write_body.hpp"
#include "model/common_json.hpp"
#include "model/json_write.hpp"
#include "model/validation.hpp"

namespace ddbkit {

using namespace detail;

namespace {

void write_write_request(json_writer& w, bool is_put, const item& value) {
  w.begin_object();
  w.key(is_put ? "PutRequest" : "DeleteRequest");
  w.begin_object();
  write_item_member(w, is_put ? "Item" : "Key", value);
  w.end_object();
  w.end_object();
}

void write_write_request(json_writer& w, const write_request& request) {
  if (const item* put = request.put_item()) return write_write_request(w, true, *put);
  write_write_request(w, false, *request.delete_key());
}

std::string request_field(std::string_view table, std::size_t i) {
  return "BatchWriteItem.RequestItems[" + std::string(table) + "][" + std::to_string(i) + "]";
}

result<void> check_batch_write(const batch_write_item_input& in) {
  std::vector<write_target> targets;
  std::vector<std::size_t> positions;  // of each target within its table's requests
  for (const auto& [table, requests] : in.request_items) {
    const std::string at = "BatchWriteItem.RequestItems[" + table + "]";
    if (auto r = first_failure(check_table_name(table, at), refuse_if(requests.empty(), at, "no requests for this table"));
        !r) {
      return r;
    }
    for (std::size_t i = 0; i < requests.size(); ++i) {
      if (const item* put = requests[i].put_item()) {
        if (auto r = check_item(*put, request_field(table, i) + ".PutRequest.Item"); !r) return r;
        targets.push_back({.table = table, .value = put, .is_whole_item = true});
        positions.push_back(i);
      } else if (const item* key = requests[i].delete_key()) {
        if (auto r = check_key(*key, request_field(table, i) + ".DeleteRequest.Key"); !r) return r;
        targets.push_back({.table = table, .value = key});
        positions.push_back(i);
      }
    }
  }
  if (targets.empty() || targets.size() > max_batch_write_requests) {
    return std::unexpected(error::validation("BatchWriteItem.RequestItems",
                                             "must hold 1 to 25 requests, has " + std::to_string(targets.size())));
  }
  if (const auto dup = first_same_target(targets)) {
    return std::unexpected(error::validation(request_field(targets[*dup].table, positions[*dup]),
                                             "writes an item that an earlier request of this batch writes"));
  }
  return {};
}

void write_write_requests(json_writer& w, const write_requests& requests) {
  w.begin_object();
  for (const auto& [table, list] : requests) {
    w.key(table);
    w.begin_array();
    for (const auto& request : list) write_write_request(w, request);
    w.end_array();
  }
  w.end_object();
}

result<void> check_batch_get(const batch_get_item_input& in) {
  std::size_t total = 0;
  for (const auto& [table, request] : in.request_items) {
    const std::string at = "BatchGetItem.RequestItems[" + table + "]";
    if (auto r = first_failure(check_table_name(table, at), refuse_if(request.keys.empty(), at, "no keys for this table"),
                               check_expression(request.projection_expression, at + ".ProjectionExpression"),
                               check_names(request.expression_attribute_names, at + ".ExpressionAttributeNames"));
        !r) {
      return r;
    }
    std::vector<write_target> targets;
    for (std::size_t i = 0; i < request.keys.size(); ++i) {
      if (auto r = check_key(request.keys[i], at + ".Keys[" + std::to_string(i) + "]"); !r) return r;
      targets.push_back({.table = table, .value = &request.keys[i]});
    }
    if (const auto dup = first_same_target(targets)) {
      return std::unexpected(error::validation(at + ".Keys[" + std::to_string(*dup) + "]", "the same key twice"));
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
  r.read_required("Keys", k.keys);
  r.read("ConsistentRead", k.consistent_read);
  r.read("ProjectionExpression", k.projection_expression);
  read_names(r, "ExpressionAttributeNames", k.expression_attribute_names);
}

}  // namespace

result<std::string> serialize(const batch_write_item_input& in, const request_defaults& defaults) {
  if (auto r = check_batch_write(in); !r) return std::unexpected(r.error());
  auto body = json_object([&](json_writer& w) {
    w.key("RequestItems");
    write_write_requests(w, in.request_items);
    write_capacity(w, in.return_consumed_capacity, defaults);
    write_optional(w, "ReturnItemCollectionMetrics", in.return_item_collection_metrics);
  });
  if (body.size() > max_batch_write_bytes) {
    return std::unexpected(error::validation("BatchWriteItem", "request is over DynamoDB's 16 MB limit"));
  }
  return body;
}

namespace detail {

std::string batch_write_body(std::span<const write_ref> writes, std::optional<return_consumed_capacity> capacity,
                             std::size_t size_hint) {
  std::string body;
  body.reserve(size_hint + 128);
  json_writer w(body);
  w.begin_object();
  w.key("RequestItems");
  w.begin_object();
  // At most 25 writes: finding each table's writes by scanning is cheaper than a map.
  for (std::size_t first = 0; first < writes.size(); ++first) {
    const auto table = writes[first].table;
    bool seen = false;
    for (std::size_t j = 0; j < first && !seen; ++j) seen = writes[j].table == table;
    if (seen) continue;
    w.key(table);
    w.begin_array();
    for (std::size_t j = first; j < writes.size(); ++j) {
      if (writes[j].table == table) write_write_request(w, writes[j].is_put, *writes[j].value);
    }
    w.end_array();
  }
  w.end_object();
  write_optional(w, "ReturnConsumedCapacity", capacity);
  w.end_object();
  return body;
}

}  // namespace detail

result<std::string> serialize(const batch_get_item_input& in, const request_defaults& defaults) {
  if (auto r = check_batch_get(in); !r) return std::unexpected(r.error());
  return json_object([&](json_writer& w) {
    w.key("RequestItems");
    w.begin_object();
    for (const auto& [table, request] : in.request_items) {
      w.key(table);
      write_keys_and_attributes(w, request);
    }
    w.end_object();
    write_capacity(w, in.return_consumed_capacity, defaults);
  });
}

namespace {

/// One element of UnprocessedItems' arrays: {"PutRequest":{"Item":…}} or {"DeleteRequest":{"Key":…}}.
void read_write_request(json_reader& parent, json_value v, std::string path,
                        std::vector<write_request>& out) {
  json_reader entry(v, std::move(path));
  std::optional<item> put, key;
  entry.read_object("PutRequest", put, [](json_reader& p, item& i) { p.read_required("Item", i); });
  entry.read_object("DeleteRequest", key, [](json_reader& d, item& k) { d.read_required("Key", k); });
  if (entry.ok() && put.has_value() == key.has_value()) entry.fail("", "expected one of PutRequest and DeleteRequest");
  if (!entry.ok()) return parent.adopt(entry);
  out.push_back(put ? write_request::put(std::move(*put)) : write_request::remove(std::move(*key)));
}

/// An array member of a map (UnprocessedItems.<table>, Responses.<table>), each element
/// read by `element(parent, value, path, out)`.
template <class T, class Element>
auto array_of(Element element) {
  return [element](json_reader& parent, json_value v, const std::string& path, std::vector<T>& out) {
    simdjson::dom::array array;
    if (v.get_array().get(array) != simdjson::SUCCESS) {
      return parent.set_error(error(error_code::serialization, path + ": expected an array"));
    }
    out.reserve(array.size());
    std::size_t i = 0;
    for (const json_value member : array) {
      if (!parent.ok()) return;
      element(parent, member, path + "[" + std::to_string(i++) + "]", out);
    }
  };
}

void read_response_item(json_reader& parent, json_value v, std::string path, std::vector<item>& out) {
  auto decoded = read_item(v, path);
  if (!decoded) return parent.set_error(decoded.error());
  out.push_back(std::move(*decoded));
}

}  // namespace

template <>
result<batch_write_item_output> parse_output<batch_write_item_output>(std::string_view json) {
  return parse_with<batch_write_item_output>(json, [](json_reader& r, batch_write_item_output& out) {
    r.read_map("UnprocessedItems", out.unprocessed_items, array_of<write_request>(read_write_request));
    read_consumed_capacity_member(r, out.consumed_capacity);
    read_item_collection_metrics_map(r, out.item_collection_metrics);
  });
}

template <>
result<batch_get_item_output> parse_output<batch_get_item_output>(std::string_view json) {
  return parse_with<batch_get_item_output>(json, [](json_reader& r, batch_get_item_output& out) {
    r.read_map("Responses", out.responses, array_of<item>(read_response_item));
    r.read_map("UnprocessedKeys", out.unprocessed_keys,
               [](json_reader& parent, json_value v, const std::string& path, keys_and_attributes& k) {
                 json_reader child(v, path);
                 if (child.ok()) read_keys_and_attributes(child, k);
                 parent.adopt(child);
               });
    read_consumed_capacity_member(r, out.consumed_capacity);
  });
}

}  // namespace ddbkit

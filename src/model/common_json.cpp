#include "model/common_json.hpp"

#include "model/json_write.hpp"

namespace ddbkit::detail {

void write_key_schema(json_writer& w, const std::vector<key_schema_element>& schema) {
  w.key("KeySchema");
  w.begin_array();
  for (const auto& k : schema) {
    w.begin_object();
    w.member("AttributeName", k.attribute_name);
    w.member("KeyType", enum_name(k.key_type));
    w.end_object();
  }
  w.end_array();
}

void write_attribute_definitions(json_writer& w, const std::vector<attribute_definition>& defs) {
  w.key("AttributeDefinitions");
  w.begin_array();
  for (const auto& d : defs) {
    w.begin_object();
    w.member("AttributeName", d.attribute_name);
    w.member("AttributeType", enum_name(d.attribute_type));
    w.end_object();
  }
  w.end_array();
}

void write_throughput(json_writer& w, const provisioned_throughput& t) {
  w.key("ProvisionedThroughput");
  w.begin_object();
  w.member("ReadCapacityUnits", t.read_capacity_units);
  w.member("WriteCapacityUnits", t.write_capacity_units);
  w.end_object();
}

void write_projection(json_writer& w, const projection& p) {
  w.key("Projection");
  w.begin_object();
  w.member("ProjectionType", enum_name(p.projection_type));
  if (!p.non_key_attributes.empty()) {
    w.key("NonKeyAttributes");
    w.begin_array();
    for (const auto& a : p.non_key_attributes) w.string(a);
    w.end_array();
  }
  w.end_object();
}

void write_stream_specification(json_writer& w, const stream_specification& s) {
  w.key("StreamSpecification");
  w.begin_object();
  w.member("StreamEnabled", s.stream_enabled);
  write_optional(w, "StreamViewType", s.stream_view_type);
  w.end_object();
}

void write_sse_specification(json_writer& w, const sse_specification& s) {
  w.key("SSESpecification");
  w.begin_object();
  write_optional(w, "Enabled", s.enabled);
  write_optional(w, "SSEType", s.sse_type);
  write_optional(w, "KMSMasterKeyId", s.kms_master_key_id);
  w.end_object();
}

void write_global_secondary_index(json_writer& w, const global_secondary_index& g) {
  w.begin_object();
  w.member("IndexName", g.index_name);
  write_key_schema(w, g.key_schema);
  write_projection(w, g.projection);
  if (g.provisioned_throughput) write_throughput(w, *g.provisioned_throughput);
  w.end_object();
}

void write_local_secondary_index(json_writer& w, const local_secondary_index& l) {
  w.begin_object();
  w.member("IndexName", l.index_name);
  write_key_schema(w, l.key_schema);
  write_projection(w, l.projection);
  w.end_object();
}

namespace {

void read_key_schema(json_reader& r, std::vector<key_schema_element>& out) {
  r.read_objects("KeySchema", out, [](json_reader& k, key_schema_element& e) {
    k.read_required("AttributeName", e.attribute_name);
    k.read_required("KeyType", e.key_type);
  });
}

void read_projection(json_reader& r, projection& out) {
  std::optional<projection> p;
  r.read_object("Projection", p, [](json_reader& pr, projection& v) {
    pr.read("ProjectionType", v.projection_type);
    pr.read("NonKeyAttributes", v.non_key_attributes);
  });
  if (p) out = std::move(*p);
}

void read_throughput(json_reader& r, std::optional<provisioned_throughput_description>& out) {
  r.read_object("ProvisionedThroughput", out, [](json_reader& t, provisioned_throughput_description& v) {
    t.read("ReadCapacityUnits", v.read_capacity_units);
    t.read("WriteCapacityUnits", v.write_capacity_units);
    t.read("NumberOfDecreasesToday", v.number_of_decreases_today);
  });
}

/// Reads `key` → object → `inner` into `out`, for AWS's one-member summaries
/// (BillingModeSummary.BillingMode, TableClassSummary.TableClass).
template <class E>
void read_summary(json_reader& r, std::string_view key, std::string_view inner, std::optional<E>& out) {
  std::optional<std::optional<E>> summary;
  r.read_object(key, summary, [inner](json_reader& s, std::optional<E>& v) { s.read(inner, v); });
  if (summary && *summary) out = *summary;
}

void read_global_index(json_reader& g, global_secondary_index_description& v) {
  g.read_required("IndexName", v.index_name);
  read_key_schema(g, v.key_schema);
  read_projection(g, v.projection);
  g.read("IndexStatus", v.index_status);
  g.read("Backfilling", v.backfilling);
  g.read("ItemCount", v.item_count);
  g.read("IndexSizeBytes", v.index_size_bytes);
  g.read("IndexArn", v.index_arn);
  read_throughput(g, v.provisioned_throughput);
}

void read_local_index(json_reader& l, local_secondary_index_description& v) {
  l.read_required("IndexName", v.index_name);
  read_key_schema(l, v.key_schema);
  read_projection(l, v.projection);
  l.read("ItemCount", v.item_count);
  l.read("IndexSizeBytes", v.index_size_bytes);
  l.read("IndexArn", v.index_arn);
}

void read_capacity(json_reader& r, capacity& c) {
  r.read("ReadCapacityUnits", c.read_capacity_units);
  r.read("WriteCapacityUnits", c.write_capacity_units);
  r.read("CapacityUnits", c.capacity_units);
}

void read_capacity_map(json_reader& r, std::string_view key, std::map<std::string, capacity>& out) {
  r.read_map(key, out, [](json_reader& parent, json_value v, std::string path, capacity& c) {
    json_reader child(v, std::move(path));
    if (child.ok()) read_capacity(child, c);
    parent.adopt(child);
  });
}

}  // namespace

void read_table_description(json_reader& r, table_description& t) {
  r.read_required("TableName", t.table_name);
  r.read_required("TableStatus", t.table_status);
  r.read("TableArn", t.table_arn);
  r.read("TableId", t.table_id);
  r.read("CreationDateTime", t.creation_date_time);
  read_key_schema(r, t.key_schema);
  r.read_objects("AttributeDefinitions", t.attribute_definitions, [](json_reader& d, attribute_definition& v) {
    d.read_required("AttributeName", v.attribute_name);
    d.read_required("AttributeType", v.attribute_type);
  });
  r.read("ItemCount", t.item_count);
  r.read("TableSizeBytes", t.table_size_bytes);
  read_summary(r, "BillingModeSummary", "BillingMode", t.billing_mode);
  read_throughput(r, t.provisioned_throughput);
  r.read_objects("GlobalSecondaryIndexes", t.global_secondary_indexes, read_global_index);
  r.read_objects("LocalSecondaryIndexes", t.local_secondary_indexes, read_local_index);
  r.read_object("StreamSpecification", t.stream_specification, [](json_reader& s, stream_specification& v) {
    s.read("StreamEnabled", v.stream_enabled);
    s.read("StreamViewType", v.stream_view_type);
  });
  r.read("LatestStreamArn", t.latest_stream_arn);
  r.read("LatestStreamLabel", t.latest_stream_label);
  read_summary(r, "TableClassSummary", "TableClass", t.table_class);
  r.read_object("SSEDescription", t.sse_description, [](json_reader& s, sse_description& v) {
    s.read("Status", v.status);
    s.read("SSEType", v.sse_type);
    s.read("KMSMasterKeyArn", v.kms_master_key_arn);
  });
  r.read("DeletionProtectionEnabled", t.deletion_protection_enabled);
}

void read_consumed_capacity(json_reader& r, consumed_capacity& c) {
  r.read("TableName", c.table_name);
  r.read("CapacityUnits", c.capacity_units);
  r.read("ReadCapacityUnits", c.read_capacity_units);
  r.read("WriteCapacityUnits", c.write_capacity_units);
  r.read_object("Table", c.table, [](json_reader& t, capacity& v) { read_capacity(t, v); });
  read_capacity_map(r, "GlobalSecondaryIndexes", c.global_secondary_indexes);
  read_capacity_map(r, "LocalSecondaryIndexes", c.local_secondary_indexes);
}

void read_item_collection_metrics(json_reader& r, item_collection_metrics& m) {
  r.read("ItemCollectionKey", m.item_collection_key);
  r.read("SizeEstimateRangeGB", m.size_estimate_range_gb);
}

void read_item_response(json_reader& r, item_response& out) { r.read("Item", out.item); }

void read_consumed_capacity_member(json_reader& r, std::optional<consumed_capacity>& out) {
  r.read_object("ConsumedCapacity", out, read_consumed_capacity);
}

void read_consumed_capacity_member(json_reader& r, std::vector<consumed_capacity>& out) {
  r.read_objects("ConsumedCapacity", out, read_consumed_capacity);
}

void read_item_collection_metrics_map(json_reader& r,
                                      std::map<std::string, std::vector<item_collection_metrics>>& out) {
  const auto v = r.find("ItemCollectionMetrics");
  if (!v || !r.ok()) return;
  simdjson::dom::object object;
  if (v->get_object().get(object) != simdjson::SUCCESS) return r.fail("ItemCollectionMetrics", "expected an object");
  // Each table's array is read through a reader rooted at the map, so paths name the table.
  json_reader tables(*v, r.member_path("ItemCollectionMetrics"));
  for (const auto entry : object) {
    const std::string_view table = entry.key;
    std::vector<item_collection_metrics> list;
    tables.read_objects(table, list, read_item_collection_metrics);
    if (!tables.ok()) return r.adopt(tables);
    out.emplace(std::string(table), std::move(list));
  }
}

void read_names(json_reader& r, std::string_view key, expression_names& out) {
  r.read_map(key, out, [](json_reader& parent, json_value v, const std::string& path, std::string& name) {
    std::string_view text;
    if (v.get_string().get(text) == simdjson::SUCCESS) name.assign(text);
    else parent.set_error(error(error_code::serialization, path + ": expected a string"));
  });
}

}  // namespace ddbkit::detail

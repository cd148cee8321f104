#include "table_description_output.hpp"

#include "text_table.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace ddbkit::cli {
namespace {

boost::json::array key_schema_json(const std::vector<key_schema_element>& schema) {
  boost::json::array out;
  for (const auto& k : schema) {
    out.push_back({{"AttributeName", k.attribute_name}, {"KeyType", to_string(k.key_type)}});
  }
  return out;
}

boost::json::object projection_json(const projection& p) {
  boost::json::object out{{"ProjectionType", to_string(p.projection_type)}};
  if (!p.non_key_attributes.empty()) {
    boost::json::array names;
    for (const auto& n : p.non_key_attributes) names.push_back(boost::json::string(n));
    out["NonKeyAttributes"] = std::move(names);
  }
  return out;
}

boost::json::object table_json(const table_description& t) {
  boost::json::object out{{"TableName", t.table_name}, {"TableStatus", to_string(t.table_status)}};
  if (!t.table_arn.empty()) out["TableArn"] = t.table_arn;
  if (t.creation_date_time) out["CreationDateTime"] = *t.creation_date_time;
  out["KeySchema"] = key_schema_json(t.key_schema);
  boost::json::array definitions;
  for (const auto& d : t.attribute_definitions) {
    definitions.push_back({{"AttributeName", d.attribute_name}, {"AttributeType", to_string(d.attribute_type)}});
  }
  out["AttributeDefinitions"] = std::move(definitions);
  if (t.item_count) out["ItemCount"] = *t.item_count;
  if (t.table_size_bytes) out["TableSizeBytes"] = *t.table_size_bytes;
  if (t.billing_mode) out["BillingModeSummary"] = {{"BillingMode", to_string(*t.billing_mode)}};
  if (t.provisioned_throughput) {
    out["ProvisionedThroughput"] = {{"ReadCapacityUnits", t.provisioned_throughput->read_capacity_units},
                                    {"WriteCapacityUnits", t.provisioned_throughput->write_capacity_units}};
  }
  if (!t.global_secondary_indexes.empty()) {
    boost::json::array indexes;
    for (const auto& i : t.global_secondary_indexes) {
      boost::json::object index{{"IndexName", i.index_name},
                                {"KeySchema", key_schema_json(i.key_schema)},
                                {"Projection", projection_json(i.projection)}};
      if (i.index_status) index["IndexStatus"] = to_string(*i.index_status);
      indexes.push_back(std::move(index));
    }
    out["GlobalSecondaryIndexes"] = std::move(indexes);
  }
  if (!t.local_secondary_indexes.empty()) {
    boost::json::array indexes;
    for (const auto& i : t.local_secondary_indexes) {
      indexes.push_back({{"IndexName", i.index_name},
                         {"KeySchema", key_schema_json(i.key_schema)},
                         {"Projection", projection_json(i.projection)}});
    }
    out["LocalSecondaryIndexes"] = std::move(indexes);
  }
  return out;
}

/// "pk (S), sk (N)": a key schema with the attributes' types, for people.
std::string keys_text(const std::vector<key_schema_element>& schema, const std::vector<attribute_definition>& types) {
  std::string text;
  for (const auto& k : schema) {
    if (!text.empty()) text += ", ";
    text += k.attribute_name;
    for (const auto& d : types) {
      if (d.attribute_name == k.attribute_name) text.append(" (").append(to_string(d.attribute_type)).append(")");
    }
  }
  return text;
}

void print_as_rows(std::ostream& out, const table_description& t, const std::optional<time_to_live_description>& ttl) {
  std::vector<std::vector<std::string>> rows{{"TableName", t.table_name},
                                             {"TableStatus", std::string(to_string(t.table_status))},
                                             {"KeySchema", keys_text(t.key_schema, t.attribute_definitions)}};
  if (t.billing_mode) rows.push_back({"BillingMode", std::string(to_string(*t.billing_mode))});
  if (t.provisioned_throughput && t.billing_mode != billing_mode::pay_per_request) {
    rows.push_back({"Capacity", std::to_string(t.provisioned_throughput->read_capacity_units) + " RCU, " +
                                    std::to_string(t.provisioned_throughput->write_capacity_units) + " WCU"});
  }
  if (t.item_count) rows.push_back({"ItemCount", std::to_string(*t.item_count)});
  if (t.table_size_bytes) rows.push_back({"TableSizeBytes", std::to_string(*t.table_size_bytes)});
  for (const auto& i : t.global_secondary_indexes) {
    std::string text = i.index_name + ": " + keys_text(i.key_schema, t.attribute_definitions);
    if (i.index_status) text.append(" ").append(to_string(*i.index_status));
    rows.push_back({"GlobalSecondaryIndex", std::move(text)});
  }
  for (const auto& i : t.local_secondary_indexes) {
    rows.push_back({"LocalSecondaryIndex", i.index_name + ": " + keys_text(i.key_schema, t.attribute_definitions)});
  }
  if (ttl) {
    std::string text(to_string(ttl->time_to_live_status));
    if (!ttl->attribute_name.empty()) text += " on " + ttl->attribute_name;
    rows.push_back({"TimeToLive", std::move(text)});
  }
  if (!t.table_arn.empty()) rows.push_back({"TableArn", t.table_arn});
  print_aligned(out, {}, rows);
}

}  // namespace

void print_table_description(output_format format, std::ostream& out, const table_description& table,
                             const std::optional<time_to_live_description>& ttl) {
  if (format == output_format::table) {
    print_as_rows(out, table, ttl);
    return;
  }
  boost::json::object document{{"Table", table_json(table)}};
  if (ttl) {
    boost::json::object description{{"TimeToLiveStatus", to_string(ttl->time_to_live_status)}};
    if (!ttl->attribute_name.empty()) description["AttributeName"] = ttl->attribute_name;
    document["TimeToLiveDescription"] = std::move(description);
  }
  out << boost::json::serialize(document) << "\n";
}

}  // namespace ddbkit::cli

#pragma once
// Internal: JSON of the structures shared by several operations.
#include <ddbkit/model/common.hpp>

#include "model/json_reader.hpp"
#include "value/json_writer.hpp"

namespace ddbkit::detail {

void write_key_schema(json_writer& w, const std::vector<key_schema_element>& schema);
void write_attribute_definitions(json_writer& w, const std::vector<attribute_definition>& defs);
void write_throughput(json_writer& w, const provisioned_throughput& t);
void write_projection(json_writer& w, const projection& p);
void write_stream_specification(json_writer& w, const stream_specification& s);
void write_sse_specification(json_writer& w, const sse_specification& s);
/// One element of CreateTable's GlobalSecondaryIndexes, or UpdateTable's Create.
void write_global_secondary_index(json_writer& w, const global_secondary_index& g);
void write_local_secondary_index(json_writer& w, const local_secondary_index& l);

void read_table_description(json_reader& r, table_description& out);
void read_consumed_capacity(json_reader& r, consumed_capacity& out);
void read_item_collection_metrics(json_reader& r, item_collection_metrics& out);
void read_item_response(json_reader& r, item_response& out);

/// "ConsumedCapacity" as one object (single-table operations) or an array (batches).
void read_consumed_capacity_member(json_reader& r, std::optional<consumed_capacity>& out);
void read_consumed_capacity_member(json_reader& r, std::vector<consumed_capacity>& out);
/// ItemCollectionMetrics of batches and transactions: table → metrics.
void read_item_collection_metrics_map(json_reader& r,
                                      std::map<std::string, std::vector<item_collection_metrics>>& out);
/// An object of placeholder → attribute name (ExpressionAttributeNames).
void read_names(json_reader& r, std::string_view key, expression_names& out);

}  // namespace ddbkit::detail

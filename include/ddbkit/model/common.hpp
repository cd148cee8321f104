#pragma once
// Types shared by the DynamoDB operations' requests and responses (API 2012-08-10).
//
// Every type here is a plain value (aggregate or enum): copyable, comparable, and safe to
// use from several threads as long as no one writes to the same object. Members mirror the
// AWS names in snake_case; a std::optional member is left out of the request when empty,
// and is empty in a response when DynamoDB did not send it.
#include <ddbkit/value/attribute_value.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ddbkit {

enum class select { all_attributes, all_projected_attributes, specific_attributes, count };
enum class return_values { none, all_old, updated_old, all_new, updated_new };
enum class return_values_on_condition_check_failure { none, all_old };
enum class return_consumed_capacity { indexes, total, none };
enum class return_item_collection_metrics { size, none };
enum class billing_mode { provisioned, pay_per_request };
enum class key_type { hash, range };
enum class scalar_attribute_type { s, n, b };
enum class projection_type { all, keys_only, include };
enum class table_status {
  creating, updating, deleting, active, inaccessible_encryption_credentials, archiving, archived,
  replication_not_authorized
};
enum class index_status { creating, updating, deleting, active };
enum class time_to_live_status { enabling, disabling, enabled, disabled };
enum class stream_view_type { new_image, old_image, new_and_old_images, keys_only };
enum class table_class { standard, standard_infrequent_access };
enum class sse_type { aes256, kms };
enum class sse_status { enabling, enabled, disabling, disabled, updating };

/// The wire spelling of an enum value, e.g. "ALL_OLD".
std::string_view to_string(select v) noexcept;
std::string_view to_string(return_values v) noexcept;
std::string_view to_string(return_values_on_condition_check_failure v) noexcept;
std::string_view to_string(return_consumed_capacity v) noexcept;
std::string_view to_string(return_item_collection_metrics v) noexcept;
std::string_view to_string(billing_mode v) noexcept;
std::string_view to_string(key_type v) noexcept;
std::string_view to_string(scalar_attribute_type v) noexcept;
std::string_view to_string(projection_type v) noexcept;
std::string_view to_string(table_status v) noexcept;
std::string_view to_string(index_status v) noexcept;
std::string_view to_string(time_to_live_status v) noexcept;
std::string_view to_string(stream_view_type v) noexcept;
std::string_view to_string(table_class v) noexcept;
std::string_view to_string(sse_type v) noexcept;
std::string_view to_string(sse_status v) noexcept;

/// ExpressionAttributeNames: "#placeholder" → attribute name.
using expression_names = std::map<std::string, std::string, std::less<>>;

struct key_schema_element {
  std::string attribute_name;
  ddbkit::key_type key_type = key_type::hash;
  friend bool operator==(const key_schema_element&, const key_schema_element&) = default;
};

struct attribute_definition {
  std::string attribute_name;
  scalar_attribute_type attribute_type = scalar_attribute_type::s;
  friend bool operator==(const attribute_definition&, const attribute_definition&) = default;
};

/// Capacity of a PROVISIONED table or index; both values must be at least 1.
struct provisioned_throughput {
  std::int64_t read_capacity_units = 1;
  std::int64_t write_capacity_units = 1;
  friend bool operator==(const provisioned_throughput&, const provisioned_throughput&) = default;
};

struct provisioned_throughput_description {
  std::int64_t read_capacity_units = 0;
  std::int64_t write_capacity_units = 0;
  std::optional<std::int64_t> number_of_decreases_today;
  friend bool operator==(const provisioned_throughput_description&,
                         const provisioned_throughput_description&) = default;
};

struct projection {
  ddbkit::projection_type projection_type = projection_type::all;
  std::vector<std::string> non_key_attributes;  ///< with projection_type::include
  friend bool operator==(const projection&, const projection&) = default;
};

/// A global secondary index to create (CreateTable, or UpdateTable's Create).
struct global_secondary_index {
  std::string index_name;
  std::vector<key_schema_element> key_schema;
  ddbkit::projection projection;
  std::optional<ddbkit::provisioned_throughput> provisioned_throughput;  ///< PROVISIONED tables only
  friend bool operator==(const global_secondary_index&, const global_secondary_index&) = default;
};

struct local_secondary_index {
  std::string index_name;
  std::vector<key_schema_element> key_schema;
  ddbkit::projection projection;
  friend bool operator==(const local_secondary_index&, const local_secondary_index&) = default;
};

struct stream_specification {
  bool stream_enabled = false;
  std::optional<ddbkit::stream_view_type> stream_view_type;  ///< required when enabling
  friend bool operator==(const stream_specification&, const stream_specification&) = default;
};

/// Server-side encryption of a table. Unset: encrypted with an AWS owned key.
struct sse_specification {
  std::optional<bool> enabled;
  std::optional<ddbkit::sse_type> sse_type;
  std::optional<std::string> kms_master_key_id;  ///< with sse_type::kms: key id, ARN or alias
  friend bool operator==(const sse_specification&, const sse_specification&) = default;
};

struct sse_description {
  std::optional<sse_status> status;
  std::optional<ddbkit::sse_type> sse_type;
  std::optional<std::string> kms_master_key_arn;
  friend bool operator==(const sse_description&, const sse_description&) = default;
};

struct global_secondary_index_description {
  std::string index_name;
  std::vector<key_schema_element> key_schema;
  ddbkit::projection projection;
  std::optional<ddbkit::index_status> index_status;
  std::optional<bool> backfilling;
  std::optional<std::int64_t> item_count;
  std::optional<std::int64_t> index_size_bytes;
  std::optional<std::string> index_arn;
  std::optional<provisioned_throughput_description> provisioned_throughput;
  friend bool operator==(const global_secondary_index_description&,
                         const global_secondary_index_description&) = default;
};

struct local_secondary_index_description {
  std::string index_name;
  std::vector<key_schema_element> key_schema;
  ddbkit::projection projection;
  std::optional<std::int64_t> item_count;
  std::optional<std::int64_t> index_size_bytes;
  std::optional<std::string> index_arn;
  friend bool operator==(const local_secondary_index_description&,
                         const local_secondary_index_description&) = default;
};

/// TableDescription of CreateTable, DeleteTable, DescribeTable and UpdateTable (the fields
/// a client acts on; global-table replicas, restore and archival details are not mapped).
/// TableName and TableStatus are always present; a response without them is refused.
struct table_description {
  std::string table_name;
  ddbkit::table_status table_status = table_status::creating;
  std::string table_arn;
  std::string table_id;
  std::optional<double> creation_date_time;  ///< epoch seconds
  std::vector<key_schema_element> key_schema;
  std::vector<attribute_definition> attribute_definitions;
  std::optional<std::int64_t> item_count;
  std::optional<std::int64_t> table_size_bytes;
  std::optional<ddbkit::billing_mode> billing_mode;  ///< from BillingModeSummary
  std::optional<provisioned_throughput_description> provisioned_throughput;
  std::vector<global_secondary_index_description> global_secondary_indexes;
  std::vector<local_secondary_index_description> local_secondary_indexes;
  std::optional<ddbkit::stream_specification> stream_specification;
  std::optional<std::string> latest_stream_arn;
  std::optional<std::string> latest_stream_label;
  std::optional<ddbkit::table_class> table_class;  ///< from TableClassSummary
  std::optional<ddbkit::sse_description> sse_description;
  std::optional<bool> deletion_protection_enabled;
  friend bool operator==(const table_description&, const table_description&) = default;
};

/// Capacity units of one table or index.
struct capacity {
  std::optional<double> read_capacity_units;
  std::optional<double> write_capacity_units;
  std::optional<double> capacity_units;
  friend bool operator==(const capacity&, const capacity&) = default;
};

/// What a request consumed (when ReturnConsumedCapacity asked for it).
struct consumed_capacity {
  std::string table_name;
  std::optional<double> capacity_units;
  std::optional<double> read_capacity_units;
  std::optional<double> write_capacity_units;
  std::optional<capacity> table;
  std::map<std::string, capacity> global_secondary_indexes;  ///< with return_consumed_capacity::indexes
  std::map<std::string, capacity> local_secondary_indexes;   ///< with return_consumed_capacity::indexes
  /// The units of the request: CapacityUnits, else read + write units; 0 when none given.
  double units() const noexcept {
    if (capacity_units) return *capacity_units;
    return read_capacity_units.value_or(0) + write_capacity_units.value_or(0);
  }
  friend bool operator==(const consumed_capacity&, const consumed_capacity&) = default;
};

/// One read of a transaction (TransactGetItems, ExecuteTransaction), at its position in
/// the request.
struct item_response {
  std::optional<ddbkit::item> item;  ///< absent when no item has the key
  friend bool operator==(const item_response&, const item_response&) = default;
};

/// Size of an item collection (tables with local secondary indexes), when
/// ReturnItemCollectionMetrics is SIZE.
struct item_collection_metrics {
  ddbkit::item item_collection_key;
  std::vector<double> size_estimate_range_gb;  ///< [lower, upper] estimate in GB
  friend bool operator==(const item_collection_metrics&, const item_collection_metrics&) = default;
};

}  // namespace ddbkit

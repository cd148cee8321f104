// CreateTable, DeleteTable, DescribeTable, ListTables, UpdateTable, UpdateTimeToLive,
// DescribeTimeToLive.
#include <ddbkit/model/serialization.hpp>
#include <ddbkit/value/limits.hpp>

#include "model/common_json.hpp"
#include "model/json_write.hpp"
#include "model/validation.hpp"

namespace ddbkit {

using namespace detail;

namespace {


result<void> check_key_schema(const std::vector<key_schema_element>& schema, const std::string& field) {
  if (schema.empty() || schema.size() > 2 || schema[0].key_type != key_type::hash ||
      (schema.size() == 2 && schema[1].key_type != key_type::range)) {
    return std::unexpected(error::validation(field, "a HASH key, optionally followed by a RANGE key"));
  }
  for (std::size_t i = 0; i < schema.size(); ++i) {
    if (schema[i].attribute_name.empty() || schema[i].attribute_name.size() > limits::max_key_attribute_name_size) {
      return std::unexpected(error::validation(indexed(field, i) + ".AttributeName", "must be 1 to 255 bytes"));
    }
  }
  return {};
}

result<void> check_attribute_definitions(const std::vector<attribute_definition>& defs, const std::string& field) {
  for (std::size_t i = 0; i < defs.size(); ++i) {
    if (auto r = refuse_if(defs[i].attribute_name.empty(), indexed(field, i) + ".AttributeName", "must not be empty"); !r) {
      return r;
    }
  }
  return {};
}

result<void> check_stream(const std::optional<stream_specification>& s, const std::string& field) {
  return refuse_if(s && s->stream_enabled && !s->stream_view_type, field + ".StreamViewType",
                   "is needed to enable a stream");
}

/// Index name, key schema and capacity of a new index (CreateTable or UpdateTable's Create).
template <class Index>
result<void> check_new_index(const Index& index, const std::string& field) {
  auto r = first_failure(check_table_name(index.index_name, field + ".IndexName"),
                         check_key_schema(index.key_schema, field + ".KeySchema"));
  if constexpr (requires(const Index& i) { i.provisioned_throughput; }) {
    if (r) r = check_throughput(index.provisioned_throughput, field + ".ProvisionedThroughput");
  }
  return r;
}

template <class Index>
result<void> check_new_indexes(const std::vector<Index>& indexes, const std::string& field) {
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    if (auto r = check_new_index(indexes[i], indexed(field, i)); !r) return r;
  }
  return {};
}

result<void> check_index_update(const global_secondary_index_update& u, const std::string& field) {
  if (u.create.has_value() + u.update.has_value() + u.remove.has_value() != 1) {
    return std::unexpected(error::validation(field, "exactly one of create, update, remove must be set"));
  }
  if (u.create) return check_new_index(*u.create, field + ".Create");
  if (u.update) {
    return first_failure(check_table_name(u.update->index_name, field + ".Update.IndexName"),
                         check_throughput(u.update->provisioned_throughput, field + ".Update.ProvisionedThroughput"));
  }
  return check_table_name(u.remove->index_name, field + ".Delete.IndexName");
}

template <class T, class Write>
void write_array(json_writer& w, std::string_view key, const std::vector<T>& values, Write write) {
  if (values.empty()) return;
  w.key(key);
  w.begin_array();
  for (const auto& v : values) write(w, v);
  w.end_array();
}

void write_index_update(json_writer& w, const global_secondary_index_update& u) {
  w.begin_object();
  if (u.create) {
    w.key("Create");
    write_global_secondary_index(w, *u.create);
  } else if (u.update) {
    w.key("Update");
    w.begin_object();
    w.member("IndexName", u.update->index_name);
    write_throughput(w, u.update->provisioned_throughput);
    w.end_object();
  } else if (u.remove) {
    w.key("Delete");
    w.begin_object();
    w.member("IndexName", u.remove->index_name);
    w.end_object();
  }
  w.end_object();
}

/// The members CreateTable and UpdateTable share after their own.
template <class Input>
void write_table_settings(json_writer& w, const Input& in) {
  if (in.stream_specification) write_stream_specification(w, *in.stream_specification);
  if (in.sse_specification) write_sse_specification(w, *in.sse_specification);
  write_optional(w, "TableClass", in.table_class);
  write_optional(w, "DeletionProtectionEnabled", in.deletion_protection_enabled);
}

result<std::string> table_name_only(const std::string& table_name, const std::string& op) {
  if (auto r = check_table_name(table_name, op + ".TableName"); !r) return std::unexpected(r.error());
  return json_object([&](json_writer& w) { w.member("TableName", table_name); });
}

void read_table(json_reader& r, table_output& out) {
  r.read_object("TableDescription", out.table, read_table_description);
  if (!out.table) r.read_object("Table", out.table, read_table_description);  // DescribeTable's name for it
}

}  // namespace

result<std::string> serialize(const create_table_input& in, const request_defaults&) {
  if (auto r = first_failure(
          check_table_name(in.table_name, "CreateTable.TableName"),
          refuse_if(in.attribute_definitions.empty(), "CreateTable.AttributeDefinitions", "define every key attribute"),
          check_attribute_definitions(in.attribute_definitions, "CreateTable.AttributeDefinitions"),
          check_key_schema(in.key_schema, "CreateTable.KeySchema"),
          check_throughput(in.provisioned_throughput, "CreateTable.ProvisionedThroughput"),
          check_new_indexes(in.global_secondary_indexes, "CreateTable.GlobalSecondaryIndexes"),
          check_new_indexes(in.local_secondary_indexes, "CreateTable.LocalSecondaryIndexes"),
          check_stream(in.stream_specification, "CreateTable.StreamSpecification"));
      !r) {
    return std::unexpected(r.error());
  }
  return json_object([&](json_writer& w) {
    w.member("TableName", in.table_name);
    write_attribute_definitions(w, in.attribute_definitions);
    write_key_schema(w, in.key_schema);
    write_optional(w, "BillingMode", in.billing_mode);
    if (in.provisioned_throughput) write_throughput(w, *in.provisioned_throughput);
    write_array(w, "GlobalSecondaryIndexes", in.global_secondary_indexes, write_global_secondary_index);
    write_array(w, "LocalSecondaryIndexes", in.local_secondary_indexes, write_local_secondary_index);
    write_table_settings(w, in);
    if (!in.tags.empty()) {
      w.key("Tags");
      w.begin_array();
      for (const auto& [key, value] : in.tags) {
        w.begin_object();
        w.member("Key", key);
        w.member("Value", value);
        w.end_object();
      }
      w.end_array();
    }
  });
}

result<std::string> serialize(const delete_table_input& in, const request_defaults&) { return table_name_only(in.table_name, "DeleteTable"); }

result<std::string> serialize(const describe_table_input& in, const request_defaults&) { return table_name_only(in.table_name, "DescribeTable"); }

result<std::string> serialize(const describe_time_to_live_input& in, const request_defaults&) {
  return table_name_only(in.table_name, "DescribeTimeToLive");
}

result<std::string> serialize(const list_tables_input& in, const request_defaults&) {
  if (auto r = first_failure(refuse_if(in.limit && (*in.limit < 1 || *in.limit > 100), "ListTables.Limit", "must be 1 to 100"),
                             in.exclusive_start_table_name
                                 ? check_table_name(*in.exclusive_start_table_name, "ListTables.ExclusiveStartTableName")
                                 : result<void>{});
      !r) {
    return std::unexpected(r.error());
  }
  return json_object([&](json_writer& w) {
    write_optional(w, "ExclusiveStartTableName", in.exclusive_start_table_name);
    write_optional(w, "Limit", in.limit);
  });
}

result<std::string> serialize(const update_table_input& in, const request_defaults&) {
  if (auto r = first_failure(check_table_name(in.table_name, "UpdateTable.TableName"),
                             check_attribute_definitions(in.attribute_definitions, "UpdateTable.AttributeDefinitions"),
                             check_throughput(in.provisioned_throughput, "UpdateTable.ProvisionedThroughput"),
                             check_stream(in.stream_specification, "UpdateTable.StreamSpecification"));
      !r) {
    return std::unexpected(r.error());
  }
  for (std::size_t i = 0; i < in.global_secondary_index_updates.size(); ++i) {
    if (auto r = check_index_update(in.global_secondary_index_updates[i], indexed("UpdateTable.GlobalSecondaryIndexUpdates", i));
        !r) {
      return std::unexpected(r.error());
    }
  }
  return json_object([&](json_writer& w) {
    w.member("TableName", in.table_name);
    if (!in.attribute_definitions.empty()) write_attribute_definitions(w, in.attribute_definitions);
    write_optional(w, "BillingMode", in.billing_mode);
    if (in.provisioned_throughput) write_throughput(w, *in.provisioned_throughput);
    write_array(w, "GlobalSecondaryIndexUpdates", in.global_secondary_index_updates, write_index_update);
    write_table_settings(w, in);
  });
}

result<std::string> serialize(const update_time_to_live_input& in, const request_defaults&) {
  const auto& name = in.time_to_live_specification.attribute_name;
  if (auto r = first_failure(check_table_name(in.table_name, "UpdateTimeToLive.TableName"),
                             refuse_if(name.empty() || name.size() > 255,
                                       "UpdateTimeToLive.TimeToLiveSpecification.AttributeName", "must be 1 to 255 bytes"));
      !r) {
    return std::unexpected(r.error());
  }
  return json_object([&](json_writer& w) {
    w.member("TableName", in.table_name);
    w.key("TimeToLiveSpecification");
    w.begin_object();
    w.member("Enabled", in.time_to_live_specification.enabled);
    w.member("AttributeName", name);
    w.end_object();
  });
}

template <>
result<table_output> parse_output<table_output>(std::string_view json) {
  return parse_with<table_output>(json, read_table);
}

template <>
result<list_tables_output> parse_output<list_tables_output>(std::string_view json) {
  return parse_with<list_tables_output>(json, [](json_reader& r, list_tables_output& out) {
    r.read_required("TableNames", out.table_names);
    r.read("LastEvaluatedTableName", out.last_evaluated_table_name);
  });
}

template <>
result<update_time_to_live_output> parse_output<update_time_to_live_output>(std::string_view json) {
  return parse_with<update_time_to_live_output>(json, [](json_reader& r, update_time_to_live_output& out) {
    r.read_object("TimeToLiveSpecification", out.time_to_live_specification,
                  [](json_reader& t, time_to_live_specification& v) {
                    t.read_required("Enabled", v.enabled);
                    t.read_required("AttributeName", v.attribute_name);
                  });
  });
}

template <>
result<describe_time_to_live_output> parse_output<describe_time_to_live_output>(std::string_view json) {
  return parse_with<describe_time_to_live_output>(json, [](json_reader& r, describe_time_to_live_output& out) {
    r.read_object("TimeToLiveDescription", out.time_to_live_description,
                  [](json_reader& t, time_to_live_description& v) {
                    t.read_required("TimeToLiveStatus", v.time_to_live_status);
                    t.read("AttributeName", v.attribute_name);
                  });
  });
}

}  // namespace ddbkit

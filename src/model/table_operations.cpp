// CreateTable, DeleteTable, DescribeTable, ListTables, UpdateTable, UpdateTimeToLive,
// DescribeTimeToLive.
#include <ddbkit/model/serialization.hpp>

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
  return {};
}

result<void> check_indexes(const create_table_input& in) {
  for (std::size_t i = 0; i < in.global_secondary_indexes.size(); ++i) {
    const std::string field = "CreateTable.GlobalSecondaryIndexes[" + std::to_string(i) + "]";
    if (auto r = first_failure(check_table_name(in.global_secondary_indexes[i].index_name, field + ".IndexName"),
                               check_key_schema(in.global_secondary_indexes[i].key_schema, field + ".KeySchema"));
        !r) {
      return r;
    }
  }
  for (std::size_t i = 0; i < in.local_secondary_indexes.size(); ++i) {
    const std::string field = "CreateTable.LocalSecondaryIndexes[" + std::to_string(i) + "]";
    if (auto r = first_failure(check_table_name(in.local_secondary_indexes[i].index_name, field + ".IndexName"),
                               check_key_schema(in.local_secondary_indexes[i].key_schema, field + ".KeySchema"));
        !r) {
      return r;
    }
  }
  return {};
}

std::string table_name_only(const std::string& table_name) {
  return json_object([&](json_writer& w) { w.member("TableName", table_name); });
}

void read_table(json_reader& r, table_output& out) {
  r.read_object("TableDescription", out.table, read_table_description);
  if (!out.table) r.read_object("Table", out.table, read_table_description);  // DescribeTable's name for it
}

}  // namespace

result<std::string> serialize(const create_table_input& in) {
  if (auto r = first_failure(check_table_name(in.table_name, "CreateTable.TableName"),
                             check_key_schema(in.key_schema, "CreateTable.KeySchema"), check_indexes(in),
                             in.attribute_definitions.empty()
                                 ? result<void>(std::unexpected(error::validation(
                                       "CreateTable.AttributeDefinitions", "define every key attribute")))
                                 : result<void>{});
      !r) {
    return std::unexpected(r.error());
  }
  return json_object([&](json_writer& w) {
    w.member("TableName", in.table_name);
    write_attribute_definitions(w, in.attribute_definitions);
    write_key_schema(w, in.key_schema);
    write_optional(w, "BillingMode", in.billing_mode);
    if (in.provisioned_throughput) write_throughput(w, *in.provisioned_throughput);
    if (!in.global_secondary_indexes.empty()) {
      w.key("GlobalSecondaryIndexes");
      w.begin_array();
      for (const auto& g : in.global_secondary_indexes) {
        w.begin_object();
        w.member("IndexName", g.index_name);
        write_key_schema(w, g.key_schema);
        write_projection(w, g.projection);
        if (g.provisioned_throughput) write_throughput(w, *g.provisioned_throughput);
        w.end_object();
      }
      w.end_array();
    }
    if (!in.local_secondary_indexes.empty()) {
      w.key("LocalSecondaryIndexes");
      w.begin_array();
      for (const auto& l : in.local_secondary_indexes) {
        w.begin_object();
        w.member("IndexName", l.index_name);
        write_key_schema(w, l.key_schema);
        write_projection(w, l.projection);
        w.end_object();
      }
      w.end_array();
    }
    if (in.stream_specification) write_stream_specification(w, *in.stream_specification);
    write_optional(w, "TableClass", in.table_class);
    write_optional(w, "DeletionProtectionEnabled", in.deletion_protection_enabled);
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

result<std::string> serialize(const delete_table_input& in) {
  if (auto r = check_table_name(in.table_name, "DeleteTable.TableName"); !r) return std::unexpected(r.error());
  return table_name_only(in.table_name);
}

result<std::string> serialize(const describe_table_input& in) {
  if (auto r = check_table_name(in.table_name, "DescribeTable.TableName"); !r) return std::unexpected(r.error());
  return table_name_only(in.table_name);
}

result<std::string> serialize(const describe_time_to_live_input& in) {
  if (auto r = check_table_name(in.table_name, "DescribeTimeToLive.TableName"); !r) return std::unexpected(r.error());
  return table_name_only(in.table_name);
}

result<std::string> serialize(const list_tables_input& in) {
  if (in.limit && (*in.limit < 1 || *in.limit > 100)) {
    return std::unexpected(error::validation("ListTables.Limit", "must be 1 to 100"));
  }
  return json_object([&](json_writer& w) {
    write_optional(w, "ExclusiveStartTableName", in.exclusive_start_table_name);
    write_optional(w, "Limit", in.limit);
  });
}

result<std::string> serialize(const update_table_input& in) {
  if (auto r = check_table_name(in.table_name, "UpdateTable.TableName"); !r) return std::unexpected(r.error());
  for (std::size_t i = 0; i < in.global_secondary_index_updates.size(); ++i) {
    const auto& u = in.global_secondary_index_updates[i];
    if (u.create.has_value() + u.update.has_value() + u.remove.has_value() != 1) {
      return std::unexpected(error::validation("UpdateTable.GlobalSecondaryIndexUpdates[" + std::to_string(i) + "]",
                                               "exactly one of create, update, remove must be set"));
    }
  }
  return json_object([&](json_writer& w) {
    w.member("TableName", in.table_name);
    if (!in.attribute_definitions.empty()) write_attribute_definitions(w, in.attribute_definitions);
    write_optional(w, "BillingMode", in.billing_mode);
    if (in.provisioned_throughput) write_throughput(w, *in.provisioned_throughput);
    if (!in.global_secondary_index_updates.empty()) {
      w.key("GlobalSecondaryIndexUpdates");
      w.begin_array();
      for (const auto& u : in.global_secondary_index_updates) {
        w.begin_object();
        if (u.create) {
          w.key("Create");
          w.begin_object();
          w.member("IndexName", u.create->index_name);
          write_key_schema(w, u.create->key_schema);
          write_projection(w, u.create->projection);
          if (u.create->provisioned_throughput) write_throughput(w, *u.create->provisioned_throughput);
          w.end_object();
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
      w.end_array();
    }
    if (in.stream_specification) write_stream_specification(w, *in.stream_specification);
    write_optional(w, "DeletionProtectionEnabled", in.deletion_protection_enabled);
  });
}

result<std::string> serialize(const update_time_to_live_input& in) {
  if (auto r = check_table_name(in.table_name, "UpdateTimeToLive.TableName"); !r) return std::unexpected(r.error());
  if (in.time_to_live_specification.attribute_name.empty()) {
    return std::unexpected(error::validation("UpdateTimeToLive.TimeToLiveSpecification.AttributeName", "must not be empty"));
  }
  return json_object([&](json_writer& w) {
    w.member("TableName", in.table_name);
    w.key("TimeToLiveSpecification");
    w.begin_object();
    w.member("Enabled", in.time_to_live_specification.enabled);
    w.member("AttributeName", in.time_to_live_specification.attribute_name);
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
    r.read("TableNames", out.table_names);
    r.read("LastEvaluatedTableName", out.last_evaluated_table_name);
  });
}

template <>
result<update_time_to_live_output> parse_output<update_time_to_live_output>(std::string_view json) {
  return parse_with<update_time_to_live_output>(json, [](json_reader& r, update_time_to_live_output& out) {
    r.read_object("TimeToLiveSpecification", out.time_to_live_specification,
                  [](json_reader& t, time_to_live_specification& v) {
                    t.read("Enabled", v.enabled);
                    t.read("AttributeName", v.attribute_name);
                  });
  });
}

template <>
result<describe_time_to_live_output> parse_output<describe_time_to_live_output>(std::string_view json) {
  return parse_with<describe_time_to_live_output>(json, [](json_reader& r, describe_time_to_live_output& out) {
    r.read_object("TimeToLiveDescription", out.time_to_live_description,
                  [](json_reader& t, time_to_live_description& v) {
                    t.read("TimeToLiveStatus", v.time_to_live_status);
                    t.read("AttributeName", v.attribute_name);
                  });
  });
}

}  // namespace ddbkit

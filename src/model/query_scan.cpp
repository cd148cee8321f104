// Query and Scan.
#include <ddbkit/model/serialization.hpp>

#include "model/common_json.hpp"
#include "model/json_write.hpp"
#include "model/validation.hpp"

namespace ddbkit {

using namespace detail;

namespace {

result<void> check_segments(const scan_input& in) {
  if (in.segment.has_value() != in.total_segments.has_value()) {
    return std::unexpected(error::validation("Scan.Segment", "Segment and TotalSegments go together"));
  }
  if (!in.total_segments) return {};
  if (*in.total_segments < 1 || *in.total_segments > 1000000) {
    return std::unexpected(error::validation("Scan.TotalSegments", "must be 1 to 1,000,000"));
  }
  if (*in.segment < 0 || *in.segment >= *in.total_segments) {
    return std::unexpected(error::validation("Scan.Segment", "must be 0 to TotalSegments - 1"));
  }
  return {};
}

/// The members Query and Scan share.
template <class Input>
void write_read_members(json_writer& w, const Input& in, const request_defaults& defaults) {
  w.member("TableName", in.table_name);
  write_optional(w, "IndexName", in.index_name);
  write_optional(w, "Select", in.select);
  write_optional(w, "Limit", in.limit);
  if (in.consistent_read) w.member("ConsistentRead", true);
  write_optional(w, "FilterExpression", in.filter_expression);
  write_optional(w, "ProjectionExpression", in.projection_expression);
  write_placeholders(w, in.expression_attribute_names, &in.expression_attribute_values);
  write_optional(w, "ExclusiveStartKey", in.exclusive_start_key);
  write_capacity(w, in.return_consumed_capacity, defaults);
}

template <class Input>
result<void> check_read(const Input& in, const std::string& op) {
  return first_failure(check_table_name(in.table_name, op + ".TableName"),
                       in.index_name ? check_table_name(*in.index_name, op + ".IndexName") : result<void>{},
                       check_limit(in.limit, op + ".Limit"),
                       check_start_key(in.exclusive_start_key, op + ".ExclusiveStartKey"));
}

}  // namespace

result<std::string> serialize(const query_input& in, const request_defaults& defaults) {
  if (auto r = first_failure(
          check_read(in, "Query"),
          refuse_if(!in.key_condition_expression, "Query.KeyConditionExpression", "a Query needs a key condition"),
          check_expressions({.projection = &in.projection_expression, .key_condition = &in.key_condition_expression,
                             .filter = &in.filter_expression, .names = &in.expression_attribute_names,
                             .values = &in.expression_attribute_values},
                            "Query"));
      !r) {
    return std::unexpected(r.error());
  }
  return json_object([&](json_writer& w) {
    write_read_members(w, in, defaults);
    write_optional(w, "KeyConditionExpression", in.key_condition_expression);
    if (!in.scan_index_forward) w.member("ScanIndexForward", false);
  });
}

result<std::string> serialize(const scan_input& in, const request_defaults& defaults) {
  if (auto r = first_failure(
          check_read(in, "Scan"), check_segments(in),
          check_expressions({.projection = &in.projection_expression, .filter = &in.filter_expression,
                             .names = &in.expression_attribute_names, .values = &in.expression_attribute_values},
                            "Scan"));
      !r) {
    return std::unexpected(r.error());
  }
  return json_object([&](json_writer& w) {
    write_read_members(w, in, defaults);
    write_optional(w, "Segment", in.segment);
    write_optional(w, "TotalSegments", in.total_segments);
  });
}

template <>
result<page_output> parse_output<page_output>(std::string_view json) {
  return parse_with<page_output>(json, [](json_reader& r, page_output& out) {
    r.read("Items", out.items);
    // Sent even for an empty page, and a pager needs them: a body without them is broken.
    r.read_required("Count", out.count);
    r.read_required("ScannedCount", out.scanned_count);
    r.read("LastEvaluatedKey", out.last_evaluated_key);
    read_consumed_capacity_member(r, out.consumed_capacity);
  });
}

}  // namespace ddbkit

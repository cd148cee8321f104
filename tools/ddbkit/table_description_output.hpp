#pragma once
// A table's description as `tables describe` and `tables create` print it.
#include "output.hpp"

#include <ddbkit/model/common.hpp>
#include <ddbkit/model/describe_time_to_live.hpp>

#include <optional>
#include <ostream>

namespace ddbkit::cli {

/// json/jsonl: `{"Table":{...}}` in the AWS names DescribeTable uses (the members ddbkit
/// maps), plus `"TimeToLiveDescription"` when `ttl` is given; table: one line per
/// property, for people.
void print_table_description(output_format format, std::ostream& out, const table_description& table,
                             const std::optional<time_to_live_description>& ttl);

}  // namespace ddbkit::cli

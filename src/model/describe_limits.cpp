// DescribeLimits: account-level, so neither a table nor an item operation.
#include <ddbkit/model/serialization.hpp>

#include "model/json_reader.hpp"

namespace ddbkit {

using namespace detail;

result<std::string> serialize(const describe_limits_input&, const request_defaults&) { return std::string("{}"); }

template <>
result<describe_limits_output> parse_output<describe_limits_output>(std::string_view json) {
  return parse_with<describe_limits_output>(json, [](json_reader& r, describe_limits_output& out) {
    r.read_required("AccountMaxReadCapacityUnits", out.account_max_read_capacity_units);
    r.read_required("AccountMaxWriteCapacityUnits", out.account_max_write_capacity_units);
    r.read_required("TableMaxReadCapacityUnits", out.table_max_read_capacity_units);
    r.read_required("TableMaxWriteCapacityUnits", out.table_max_write_capacity_units);
  });
}

}  // namespace ddbkit

#include "described_table.hpp"

namespace ddbkit::cli {

outcome<table_description> describe_table(client& ddb, const std::string& table) {
  auto described = ddb.describe_table({.table_name = table});
  if (!described) return std::unexpected(failed(described.error()));
  if (!described->table) return std::unexpected(failed(error(error_code::serialization, "DescribeTable answered no Table")));
  return std::move(*described->table);
}

}  // namespace ddbkit::cli

#pragma once
// A table's description (DescribeTable), for the commands that need its key schema or its
// item count before they start.
#include "failure.hpp"

#include <ddbkit/client.hpp>

#include <string>

namespace ddbkit::cli {

/// The description of `table`; a failure of DynamoDB (ResourceNotFoundException: exit 1)
/// or an answer without one.
outcome<table_description> describe_table(client& ddb, const std::string& table);

}  // namespace ddbkit::cli

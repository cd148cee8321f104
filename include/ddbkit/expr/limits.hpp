#pragma once
// DynamoDB's limits on expressions (max_expression_size, max_placeholder_size,
// max_update_operators, max_in_candidates, max_path_depth) live with the value limits, in
// <ddbkit/value/limits.hpp>, where the request checks of model/ use them too.
#include <ddbkit/value/limits.hpp>

#pragma once
// Shared inputs of the benchmarks: a 1 KB item and its GetItem response.
#include <ddbkit/value/attribute_value.hpp>

#include <string>

namespace ddbkit::bench {

/// An item of about 1 KB by DynamoDB's size rules, with a mix of types.
item one_kb_item(std::string pk);

/// The body DynamoDB returns for GetItem of `i`: {"Item": {...}}.
std::string get_item_response(const item& i);

}  // namespace ddbkit::bench

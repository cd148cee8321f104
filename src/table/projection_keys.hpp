#pragma once
// Internal: a projection that also reads the key attributes (a cursor is rebuilt from them,
// a batch read tells by them which key an item answers).
#include <ddbkit/expr/projection_list.hpp>
#include <ddbkit/table/key.hpp>

namespace ddbkit::detail {

/// Adds the key attributes missing from `projection`, when it is not empty (an empty one
/// reads whole items, keys included).
void add_key_attributes(expr::projection_list& projection, const key_schema& keys);

}  // namespace ddbkit::detail

#pragma once
// Forward declarations of the value layer, for headers that only name its types.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ddbkit {

class attribute_value;
class number;

/// Raw bytes of a B attribute or a member of a BS set.
using bytes = std::vector<std::uint8_t>;

/// An item (or a key): attribute name to value, ordered by name so that encodings are
/// deterministic. std::less<> makes lookups with std::string_view free of copies.
using item = std::map<std::string, attribute_value, std::less<>>;

}  // namespace ddbkit

#pragma once
// Internal: standard base64 (RFC 4648, with padding), as DynamoDB-JSON uses for B and BS.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ddbkit::detail {

void append_base64(std::string& out, const std::uint8_t* data, std::size_t size);
/// nullopt for anything that is not canonical padded base64.
std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text);

}  // namespace ddbkit::detail

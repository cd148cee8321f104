#pragma once
// Internal: the CRC-32 that DynamoDB puts in x-amz-crc32 (zlib's polynomial, reflected).
#include <cstdint>
#include <string_view>

namespace ddbkit::http::detail {

/// The CRC-32 of `bytes`, as x-amz-crc32 carries it (in decimal).
std::uint32_t crc32_of(std::string_view bytes) noexcept;

}  // namespace ddbkit::http::detail

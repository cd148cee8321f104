#pragma once
// Internal: the two text encodings AWS requests use — lower-case hex of digests, and
// RFC 3986 percent-encoding (SigV4's canonical URI and query, STS forms, SSO queries).
#include <cstddef>
#include <string>
#include <string_view>

namespace ddbkit::detail {

/// Lower-case hex of `size` bytes.
std::string lower_hex(const unsigned char* data, std::size_t size);

/// Writes the lower-case hex of `size` bytes to `to` (2 * size characters, no terminator).
void write_lower_hex(char* to, const unsigned char* data, std::size_t size);

/// Appends the lower-case hex of `size` bytes to `out`.
void append_lower_hex(std::string& out, const unsigned char* data, std::size_t size);

/// Appends `s` percent-encoded (upper-case hex) except RFC 3986's unreserved characters
/// A-Z a-z 0-9 - _ . ~ (and '/' when `keep_slash`).
void append_uri_encoded(std::string& out, std::string_view s, bool keep_slash);

}  // namespace ddbkit::detail

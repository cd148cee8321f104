#pragma once
// Internal: the few things ddbkit reads from STS's XML, without an XML library.
#include <optional>
#include <string>
#include <string_view>

namespace ddbkit::detail {

/// The text of the first <tag>…</tag> element in `xml` (searching from the start), with
/// the five predefined entities and numeric character references unescaped; nullopt when
/// there is no such element or its text is malformed. `<tag/>` gives "". Not for elements
/// with attributes or mixed content (STS's credential fields have neither).
std::optional<std::string> xml_element_text(std::string_view xml, std::string_view tag);

/// The inner XML of the first <tag>…</tag> element, unprocessed.
std::optional<std::string_view> xml_element_inner(std::string_view xml, std::string_view tag);

}  // namespace ddbkit::detail

#include <ddbkit/value/attribute_value.hpp>
#include <ddbkit/value/dynamodb_json.hpp>

#include <ostream>

namespace ddbkit {

std::string_view to_string(attribute_value::kind k) noexcept {
  switch (k) {
    case attribute_value::kind::s: return "S";
    case attribute_value::kind::n: return "N";
    case attribute_value::kind::b: return "B";
    case attribute_value::kind::boolean: return "BOOL";
    case attribute_value::kind::null: return "NULL";
    case attribute_value::kind::l: return "L";
    case attribute_value::kind::m: return "M";
    case attribute_value::kind::ss: return "SS";
    case attribute_value::kind::ns: return "NS";
    case attribute_value::kind::bs: return "BS";
  }
  return "?";
}

std::ostream& operator<<(std::ostream& os, const attribute_value& v) { return os << to_dynamodb_json(v); }
std::ostream& operator<<(std::ostream& os, const item& i) { return os << to_dynamodb_json(i); }

}  // namespace ddbkit

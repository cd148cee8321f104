#include "table/key_text.hpp"

namespace ddbkit::detail {
namespace {

void append_field(std::string& out, char tag, std::string_view text) {
  out += tag;
  out += std::to_string(text.size());
  out += ':';
  out += text;
}

}  // namespace

std::string key_text(std::string_view table, const item& key) {
  std::string out;
  append_field(out, 't', table);
  for (const auto& [name, value] : key) {  // a map: the names come sorted
    append_field(out, 'a', name);
    if (const auto* s = value.as_s()) {
      append_field(out, 's', *s);
    } else if (const auto* n = value.as_n()) {
      append_field(out, 'n', n->canonical());
    } else if (const auto* b = value.as_b()) {
      append_field(out, 'b', std::string_view(reinterpret_cast<const char*>(b->data()), b->size()));
    } else {
      append_field(out, '?', "");  // not a key type: refused before it gets here
    }
  }
  return out;
}

}  // namespace ddbkit::detail

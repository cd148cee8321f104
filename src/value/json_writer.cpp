#include "value/json_writer.hpp"

#include "value/base64.hpp"

#include <charconv>

namespace ddbkit::detail {

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the current run of characters that need no escape
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(s, run, s.size() - run);
  out += '"';
}

void json_writer::separate() {
  if (need_comma_) out_ += ',';
}

void json_writer::begin_object() { separate(); out_ += '{'; need_comma_ = false; }
void json_writer::end_object() { out_ += '}'; need_comma_ = true; }
void json_writer::begin_array() { separate(); out_ += '['; need_comma_ = false; }
void json_writer::end_array() { out_ += ']'; need_comma_ = true; }

void json_writer::key(std::string_view k) {
  separate();
  append_json_string(out_, k);
  out_ += ':';
  need_comma_ = false;
}

void json_writer::string(std::string_view s) {
  separate();
  append_json_string(out_, s);
  need_comma_ = true;
}

void json_writer::base64_string(const std::uint8_t* data, std::size_t size) {
  separate();
  out_ += '"';
  append_base64(out_, data, size);
  out_ += '"';
  need_comma_ = true;
}

void json_writer::integer(std::int64_t v) {
  separate();
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  (void)ec;
  out_.append(buffer, end);
  need_comma_ = true;
}

void json_writer::floating(double v) {
  separate();
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  (void)ec;
  out_.append(buffer, end);
  need_comma_ = true;
}

void json_writer::boolean(bool b) {
  separate();
  out_ += b ? "true" : "false";
  need_comma_ = true;
}

void json_writer::number_text(std::string_view decimal) {
  separate();
  out_.append(decimal);
  need_comma_ = true;
}

void json_writer::null() {
  separate();
  out_ += "null";
  need_comma_ = true;
}

}  // namespace ddbkit::detail

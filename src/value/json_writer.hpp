#pragma once
// Internal: a streaming JSON writer that appends to a string. Requests are serialized with
// it directly, without building a DOM first (the request path's hottest step).
#include <cstdint>
#include <string>
#include <string_view>

namespace ddbkit::detail {

class json_writer {
 public:
  explicit json_writer(std::string& out) : out_(out) {}

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  /// An object key; the next call writes its value.
  void key(std::string_view k);
  void string(std::string_view s);
  /// A JSON string holding the base64 encoding of `data`.
  void base64_string(const std::uint8_t* data, std::size_t size);
  void integer(std::int64_t v);
  void floating(double v);
  /// A number from decimal text that is already valid JSON (e.g. a number's exact text),
  /// written as is so nothing is rounded.
  void number_text(std::string_view decimal);
  void boolean(bool b);
  void null();

  // Shorthands for a key and its value.
  void member(std::string_view k, std::string_view v) { key(k); string(v); }
  void member(std::string_view k, const char* v) { key(k); string(v); }
  void member(std::string_view k, bool v) { key(k); boolean(v); }
  void member(std::string_view k, std::int64_t v) { key(k); integer(v); }

  std::string& out() noexcept { return out_; }

 private:
  void separate();

  std::string& out_;
  bool need_comma_ = false;
};

/// Appends `s` as a JSON string literal (quotes included), escaping as RFC 8259 requires.
void append_json_string(std::string& out, std::string_view s);

}  // namespace ddbkit::detail

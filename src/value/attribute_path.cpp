#include <ddbkit/value/attribute_path.hpp>

#include "error_builder.hpp"

#include <vector>

namespace ddbkit {

std::string attribute_path::str() const {
  std::vector<const attribute_path*> frames;
  for (const attribute_path* p = this; p->parent_ != nullptr; p = p->parent_) frames.push_back(p);
  std::string out;
  for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
    const attribute_path& frame = **it;
    if (frame.is_element_) {
      out += '[';
      out += std::to_string(frame.index_);
      out += ']';
    } else {
      if (!out.empty()) out += '.';
      out += frame.name_;
    }
  }
  return out;
}

namespace {

error located(error_code code, const attribute_path& path, std::string_view problem) {
  std::string field = path.str();
  error e(code, field.empty() ? std::string(problem) : field + ": " + std::string(problem));
  detail::error_builder(e).field(std::move(field));
  return e;
}

}  // namespace

error missing_attribute_error(const attribute_path& path) {
  return located(error_code::serialization, path, "required attribute is missing");
}

error wrong_type_error(const attribute_path& path, attribute_value::kind expected, const attribute_value& got) {
  return located(error_code::serialization, path,
                 "expected " + std::string(to_string(expected)) + ", got " + std::string(to_string(got.type())));
}

error invalid_attribute_error(const attribute_path& path, std::string_view problem) {
  return located(error_code::serialization, path, problem);
}

error error_at(const attribute_path& path, const error& cause) {
  if (path.is_root()) return cause;
  const std::string prefix = path.str();
  const std::string_view inner_field = cause.field();
  const std::string_view message = cause.message();
  // A cause that names its own (relative) field already starts its message with it.
  const bool message_names_field = !inner_field.empty() && message.starts_with(inner_field);
  std::string field = inner_field.empty() ? prefix : prefix + "." + std::string(inner_field);
  error e(cause.code(), message_names_field ? prefix + "." + std::string(message) : field + ": " + std::string(message));
  detail::error_builder(e).field(std::move(field));
  return e;
}

}  // namespace ddbkit

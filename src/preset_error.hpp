#pragma once
// Internal: the error a value starts with before it knows its outcome, made once.
#include <ddbkit/error.hpp>

#include <algorithm>
#include <cstddef>

namespace ddbkit::detail {

/// A string literal usable as a template argument.
template <std::size_t N>
struct literal {
  // Implicit, so that a string literal is the template argument as it is.
  constexpr literal(const char (&text)[N]) { std::copy_n(text, N, chars); }
  char chars[N];
};

/// The error a value starts with before it knows its outcome ("not sent", "no exchange"):
/// one shared object per code and message, so that copying it costs a reference count
/// where a new error costs two allocations, and such values are made for every request.
/// The code and the message are the template arguments, so one name never stands for two
/// errors. Errors copy their details on write: a copy that is edited leaves this one alone.
/// `preset_error<error_code::unknown, "not sent">()`.
template <error_code Code, literal Message>
const error& preset_error() {
  static const error shared(Code, Message.chars);
  return shared;
}

}  // namespace ddbkit::detail

#pragma once
// Why a CLI command stopped: a message for standard error and the exit code it ends with.
#include <ddbkit/error.hpp>

#include <expected>
#include <string>

namespace ddbkit::cli {

struct failure {
  int exit_code;
  std::string message;
};

/// Bad usage or input, e.g. bad_input("--key: not valid JSON ...").
failure bad_input(std::string message);
/// A library error: exit code 2 when the library refused the input before sending anything
/// (a validation error), else 1; the message carries the error's code and AWS type.
failure failed(const error& e);

/// A command's result: its value, or why it stopped.
template <class T = void>
using outcome = std::expected<T, failure>;

/// Prints "ddbkit: MESSAGE" on standard error and returns the exit code.
int report(const failure& f);
/// report(failed(e)).
int report(const error& e);

}  // namespace ddbkit::cli

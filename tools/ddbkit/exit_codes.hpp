#pragma once
// The ddbkit CLI's exit codes, the same as DESIGN.md's "CLI conventions"; scripts branch on
// them, so they never change meaning.
#include <string_view>

namespace ddbkit::cli::exit_code {

inline constexpr int success = 0;
/// DynamoDB refused the request, or the network failed (the message names the error type).
inline constexpr int service_error = 1;
/// Bad usage or bad input (the message names the argument or field); nothing was sent.
inline constexpr int bad_input = 2;
/// The command finished, but some items were not written (load).
inline constexpr int items_not_written = 3;
/// Interrupted (SIGINT), as shells report it: 128 + 2.
inline constexpr int interrupted = 130;

/// The table of codes for the top-level --help footer.
inline constexpr std::string_view help_text =
    "Exit codes:\n"
    "  0    success\n"
    "  1    a DynamoDB or network error (the message names its type)\n"
    "  2    bad usage or bad input (the message names the argument or field); nothing was sent\n"
    "  3    finished with items not written\n"
    "  130  interrupted";

}  // namespace ddbkit::cli::exit_code

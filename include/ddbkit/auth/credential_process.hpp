#pragma once
#include <ddbkit/auth/credentials_provider.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace ddbkit {

struct credential_process_options {
  /// The command is killed (with its process group) when it runs longer.
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  /// More output than this is refused (and the command killed).
  std::size_t max_output = 64 * 1024;
};

/// Runs a shared config file's `credential_process` and parses its output.
///
/// The command is a shell command line, as AWS defines it: it runs as `/bin/sh -c command`
/// with stdin from /dev/null, stdout read by ddbkit, stderr inherited. Its stdout must be
/// JSON `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}`.
/// Blocks the calling thread for at most `opts.timeout`.
/// Errors (`credentials`): cannot start; timeout; too much output; a non-zero exit (the
/// output is not echoed: it may hold secrets); output that is not such JSON.
result<credentials> run_credential_process(const std::string& command, const credential_process_options& opts = {});

/// A provider that runs `command` on a thread of its own whenever the cached credentials
/// need a refresh (a caching_credentials_provider around run_credential_process).
/// Destroying it kills a command under way (within ~0.1 s; its caller gets a `credentials`
/// error) and waits for the thread, which never outlives the provider.
std::shared_ptr<credentials_provider> make_credential_process_provider(std::string command,
                                                                       credential_process_options opts = {});

}  // namespace ddbkit

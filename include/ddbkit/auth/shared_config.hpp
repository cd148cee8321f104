#pragma once
#include <ddbkit/environment.hpp>
#include <ddbkit/error.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ddbkit {

/// The settings of one named profile ("aws_access_key_id", "role_arn", "region", …), or of
/// one `[sso-session]` or `[services]` section. A nested setting is kept under its parent's
/// name and a dot: "dynamodb.endpoint_url" for
///     dynamodb =
///       endpoint_url = http://127.0.0.1:8000
struct profile {
  std::string name;
  std::map<std::string, std::string, std::less<>> settings;
  /// Where each setting's value was read, as "FILE:LINE" (for messages).
  std::map<std::string, std::string, std::less<>> origins;

  /// The setting's value, or empty when it is not set.
  std::string_view get(std::string_view key) const;
  /// Where the setting was read ("/home/u/.aws/config:12"), or empty when it is not set.
  std::string_view origin(std::string_view key) const;
};

/// The AWS shared config and credentials files, parsed.
///
/// Format (as the AWS CLI reads it): `[profile name]` sections in the config file (and
/// `[default]`), `[name]` sections in the credentials file; `key = value` lines; lines
/// starting with '#' or ';' are comments, and so is the rest of a line after " #" or " ;";
/// indented lines under a key with an empty value are nested settings, kept as "key.sub".
/// `[sso-session x]` and `[services x]` sections of the config file are kept apart
/// (find_sso_session, find_services); other sections are ignored. When both files set a
/// key of one profile, the credentials file wins.
/// Thread safety: immutable after construction.
class shared_config {
 public:
  /// Parses the two files' text; the names are what origins say. Never fails: malformed
  /// lines are skipped.
  static shared_config parse(std::string_view config_text, std::string_view credentials_text,
                             std::string_view config_name = "config",
                             std::string_view credentials_name = "credentials");

  /// Reads AWS_CONFIG_FILE (default $HOME/.aws/config) and AWS_SHARED_CREDENTIALS_FILE
  /// (default $HOME/.aws/credentials) as `env` says; a missing file counts as empty.
  /// Error (`credentials`): a file exists but cannot be read.
  static result<shared_config> load(const environment& env);

  /// The profile, or nullptr when neither file has it.
  const profile* find(std::string_view name) const;

  /// The config file's `[sso-session name]` section (its settings, e.g. sso_start_url and
  /// sso_region), or nullptr.
  const profile* find_sso_session(std::string_view name) const;

  /// The config file's `[services name]` section (nested settings such as
  /// "dynamodb.endpoint_url"), or nullptr.
  const profile* find_services(std::string_view name) const;

  /// The files that were read (for messages), empty after parse().
  const std::vector<std::string>& sources() const noexcept { return sources_; }
  /// The same, as "FILE, FILE" (for messages).
  std::string source_list() const;

 private:
  std::map<std::string, profile, std::less<>> profiles_;
  std::map<std::string, profile, std::less<>> sso_sessions_;
  std::map<std::string, profile, std::less<>> services_;
  std::vector<std::string> sources_;
};

/// The profile to use: AWS_PROFILE, else AWS_DEFAULT_PROFILE (as the AWS CLI reads them),
/// else "default".
std::string selected_profile_name(const environment& env);

/// The variable that named the profile ("AWS_PROFILE" or "AWS_DEFAULT_PROFILE"), or empty
/// when neither is set and the profile is "default".
std::string_view profile_variable(const environment& env);

}  // namespace ddbkit

#pragma once
// Where a client's settings come from: the environment, the shared config and credentials
// files and overrides, resolved as the AWS CLI and SDKs resolve them (DESIGN.md
// "Configuration"). One resolution for the library (client_options::from_env, auto_detect)
// and the `ddbkit` CLI.
#include <ddbkit/client_options.hpp>
#include <ddbkit/environment.hpp>
#include <ddbkit/error.hpp>

#include <string>

namespace ddbkit {

/// A resolved setting and where it came from.
struct configured_value {
  /// Empty when not set.
  std::string value;
  /// "AWS_REGION", "/home/u/.aws/config:3", "--region", "default", …
  std::string origin;
};

/// What a command line sets above the environment and the files.
struct configuration_overrides {
  /// Selects the profile, above AWS_PROFILE and AWS_DEFAULT_PROFILE (also for the
  /// credentials chain).
  std::string profile;
  /// The region, above everything.
  std::string region;
  /// The endpoint, above everything (also above AWS_IGNORE_CONFIGURED_ENDPOINT_URLS).
  std::string endpoint;
  /// DynamoDB Local, as DYNAMODB_LOCAL=true.
  bool local = false;
};

/// The client options, and for each setting where it came from (`ddbkit config`).
struct configuration {
  client_options options;
  configured_value profile;
  configured_value region;
  /// Value empty: the regional endpoint.
  configured_value endpoint;
  configured_value max_attempts;
  /// "standard" or "adaptive" ("legacy" is read as "standard").
  configured_value retry_mode;
  /// The backoff base and cap ("50 ms base, 20000 ms cap").
  configured_value backoff;
  /// The credentials' source ("environment (AWS_ACCESS_KEY_ID)", "profile dev (SSO)", …)
  /// and the variable or file that configured it.
  configured_value credentials;
  /// What DynamoDB Local's defaults filled in because nothing was configured for a
  /// loopback endpoint ("dummy keys local/local", "region local"); empty when nothing. A
  /// program says so once (the CLI does, on standard error).
  std::string local_defaults;
};

/// How much resolve_configuration fills in by itself.
enum class resolution {
  /// Everything from configuration; nothing guessed (client_options::from_env).
  strict,
  /// As strict, plus DynamoDB Local when asked (DYNAMODB_LOCAL=true, DYNAMODB_LOCAL_PORT or
  /// overrides.local: region "local", dummy keys, http://127.0.0.1:PORT), and on a loopback
  /// endpoint DynamoDB Local's defaults for a region and credentials that nothing
  /// configures (client_options::auto_detect, the CLI).
  auto_detect,
};

/// Resolves every setting, each from the first place that sets it:
/// - profile: overrides.profile, AWS_PROFILE, AWS_DEFAULT_PROFILE, else "default". A
///   profile that is named but in neither file is an error (as the AWS CLI has it).
/// - region: overrides.region, AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`
///   (AWS_CONFIG_FILE, default ~/.aws/config; also the credentials file, as botocore merges
///   them). None is an error naming all three places.
/// - endpoint: overrides.endpoint, DYNAMODB_ENDPOINT (ddbkit's own override, always
///   honoured), AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, the `dynamodb` endpoint_url of
///   the profile's `services` section, the profile's `endpoint_url`, else the regional
///   endpoint. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true, else the profile's
///   ignore_configured_endpoint_urls, switches off the AWS_* variables and the files' ones.
/// - max attempts: DYNAMODB_RETRY_MAX_ATTEMPTS, AWS_MAX_ATTEMPTS, the profile's
///   max_attempts, else 10. Backoff: DYNAMODB_RETRY_BASE_DELAY_MS, DYNAMODB_RETRY_MAX_DELAY_SECS.
/// - retry mode: AWS_RETRY_MODE, the profile's retry_mode, else standard; `adaptive` turns
///   on retry_options::adaptive, `legacy` is standard.
/// - credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY [+ AWS_SESSION_TOKEN] as static
///   keys, else the default chain (make_default_credentials_chain) on the same
///   environment and profile, asked at the first request.
/// Errors (`validation`, field = the variable, or "FILE:LINE" for a file's setting): a
/// malformed value (never silently the default), a missing region, a missing named
/// profile, a key id without its secret. A file that cannot be read: `credentials`.
result<configuration> resolve_configuration(const environment& env = process_environment(),
                                            const configuration_overrides& overrides = {},
                                            resolution mode = resolution::auto_detect);

/// True for an http(s) URL whose host is 127.x.x.x, ::1 or localhost.
bool is_loopback_endpoint(std::string_view url);

}  // namespace ddbkit

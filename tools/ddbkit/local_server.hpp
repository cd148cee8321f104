#pragma once
// DynamoDB Local as the setup script installs it (Amazon's jar under a cache directory):
// started on a free loopback port as a process of its own, found again and stopped through
// the pid files it leaves in <home>/run/PORT.pid — the same layout as
// scripts/dynamodb-local.sh, so either can stop what the other started.
#include "failure.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ddbkit::cli {

/// One DynamoDB Local that a pid file names.
struct local_instance {
  std::uint16_t port = 0;
  int pid = 0;
  bool running = false;    ///< the process is alive and is DynamoDB Local
  bool answering = false;  ///< it answers DynamoDB requests on its port

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port); }
};

class local_server {
 public:
  /// `home`: the installation (DynamoDBLocal.jar and DynamoDBLocal_lib/).
  explicit local_server(std::filesystem::path home) : home_(std::move(home)) {}

  /// $DDBKIT_LOCAL_HOME, else the cache of the source tree this CLI was built from.
  static std::filesystem::path default_home();

  /// Starts one on `port` (0: a free one), waits until it answers (at most `wait_seconds`)
  /// and returns it. It keeps running after this process exits.
  outcome<local_instance> start(std::uint16_t port, int wait_seconds) const;
  /// Stops the instance on `port`, or every one with `port` 0; returns those stopped.
  std::vector<local_instance> stop(std::uint16_t port) const;
  /// Every instance that a pid file names (stale pid files are removed).
  std::vector<local_instance> list() const;

 private:
  std::filesystem::path run_dir() const { return home_ / "run"; }
  local_instance inspect(std::uint16_t port) const;

  std::filesystem::path home_;
};

}  // namespace ddbkit::cli

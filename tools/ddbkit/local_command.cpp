// `ddbkit local start|stop|status`: DynamoDB Local from the cache the setup script fills,
// for trying ddbkit (or anything else) on this machine. Needs no client or credentials.
#include "commands.hpp"
#include "exit_codes.hpp"
#include "local_server.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace ddbkit::cli {

std::function<int()> add_local_command(CLI::App& app) {
  struct settings {
    std::string home;
    std::uint16_t port = 0;
    int wait_seconds = 60;
  };
  auto s = std::make_shared<settings>();
  auto* local = app.add_subcommand("local", "run DynamoDB Local (installed by scripts/setup.sh) on this machine");
  local->require_subcommand(1);
  local->add_option("--home", s->home,
                    "its installation (default: $DDBKIT_LOCAL_HOME, else the setup script's cache)");
  auto* start = local->add_subcommand(
      "start", "start one on a free loopback port (or --port), wait until it answers, print its endpoint");
  start->add_option("--port", s->port, "the port (default: a free one)");
  start->add_option("--wait", s->wait_seconds, "seconds to wait for it to answer (default 60)")
      ->check(CLI::Range(1, 600));
  auto* stop = local->add_subcommand("stop", "stop the one on --port, or every one started this way");
  stop->add_option("--port", s->port, "the port (default: all)");
  auto* status = local->add_subcommand("status", "list the running ones: endpoint, pid, whether it answers");

  return [local, start, stop, status, s]() -> int {
    if (!*local) return -1;
    const local_server server(s->home.empty() ? local_server::default_home() : std::filesystem::path(s->home));
    if (*start) {
      auto started = server.start(s->port, s->wait_seconds);
      if (!started) return report(started.error());
      std::cout << started->endpoint() << "\n";
      std::cerr << "DynamoDB Local (pid " << started->pid << ") at " << started->endpoint()
                << "; stop it with: ddbkit local stop --port " << started->port << "\n";
      return exit_code::success;
    }
    if (*stop) {
      const auto stopped = server.stop(s->port);
      for (const auto& i : stopped) std::cout << "stopped " << i.endpoint() << " (pid " << i.pid << ")\n";
      if (stopped.empty() && s->port != 0) {
        return report(bad_input("no DynamoDB Local started by ddbkit runs on port " + std::to_string(s->port)));
      }
      return exit_code::success;
    }
    if (*status) {
      const auto running = server.list();
      if (running.empty()) std::cout << "no DynamoDB Local started by ddbkit is running\n";
      for (const auto& i : running) {
        std::cout << i.endpoint() << "  pid " << i.pid << "  " << (i.answering ? "answering" : "not answering")
                  << "\n";
      }
      return exit_code::success;
    }
    return exit_code::bad_input;
  };
}

}  // namespace ddbkit::cli

#include "local_server.hpp"

#include "exit_codes.hpp"

#include <ddbkit/client.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace ddbkit::cli {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

/// A port nothing listens on now (the kernel's choice for a bind to port 0).
std::uint16_t free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

/// Whether `pid` is alive and runs DynamoDB Local (a pid may be reused after a crash).
bool is_dynamodb_local(int pid) {
  if (pid <= 0 || ::kill(pid, 0) != 0) return false;
  std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::stringstream text;
  text << cmdline.rdbuf();
  return text.str().find("DynamoDBLocal.jar") != std::string::npos;
}

/// Whether a DynamoDB request to `port` gets an answer (ListTables with Local's keys).
bool answers(std::uint16_t port) {
  auto options = client_options::local(port);
  options.http.connect_timeout = 1000ms;
  options.http.request_timeout = 2000ms;
  options.retry.max_attempts = 1;
  auto probe = client::create(options);
  return probe && probe->list_tables({}).has_value();
}

/// Runs java on DynamoDB Local in a session of its own (so that a Ctrl-C at this terminal
/// does not reach it), its output to `log`; returns its pid.
outcome<int> spawn(const fs::path& home, std::uint16_t port, const fs::path& log) {
  const std::string library_path = "-Djava.library.path=" + (home / "DynamoDBLocal_lib").string();
  const std::string jar = (home / "DynamoDBLocal.jar").string();
  const std::string port_text = std::to_string(port);
  const pid_t pid = ::fork();
  if (pid < 0) return std::unexpected(failure{exit_code::service_error, "fork failed"});
  if (pid == 0) {
    ::setsid();
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (out >= 0) {
      ::dup2(out, STDOUT_FILENO);
      ::dup2(out, STDERR_FILENO);
    }
    if (in >= 0) ::dup2(in, STDIN_FILENO);
    if (::chdir(home.c_str()) != 0) ::_exit(127);
    ::execlp("java", "java", "-Xms64m", "-Xmx1g", library_path.c_str(), "-jar", jar.c_str(), "-inMemory",
             "-disableTelemetry", "-port", port_text.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);  // no java
  }
  return static_cast<int>(pid);
}

/// Waits until `pid` has exited (at most `limit`); reaps it when it is this process's child.
bool wait_gone(int pid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    ::waitpid(pid, nullptr, WNOHANG);
    if (::kill(pid, 0) != 0) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

}  // namespace

fs::path local_server::default_home() {
  if (const char* home = std::getenv("DDBKIT_LOCAL_HOME"); home != nullptr && *home != '\0') return home;
  return DDBKIT_LOCAL_CACHE_DIR;
}

local_instance local_server::inspect(std::uint16_t port) const {
  local_instance found{.port = port};
  std::ifstream pid_file(run_dir() / (std::to_string(port) + ".pid"));
  pid_file >> found.pid;
  found.running = is_dynamodb_local(found.pid);
  found.answering = found.running && answers(port);
  return found;
}

outcome<local_instance> local_server::start(std::uint16_t port, int wait_seconds) const {
  if (!fs::exists(home_ / "DynamoDBLocal.jar")) {
    return std::unexpected(failure{exit_code::service_error, "DynamoDB Local is not installed in " + home_.string() +
                                                                 ": run scripts/setup.sh (or set DDBKIT_LOCAL_HOME)"});
  }
  std::error_code ec;
  fs::create_directories(run_dir(), ec);
  if (port == 0) port = free_port();
  const auto pid_path = run_dir() / (std::to_string(port) + ".pid");
  if (auto existing = inspect(port); existing.running) {
    return std::unexpected(bad_input("port " + std::to_string(port) + " already runs DynamoDB Local (pid " +
                                     std::to_string(existing.pid) + ")"));
  }
  auto pid = spawn(home_, port, run_dir() / (std::to_string(port) + ".log"));
  if (!pid) return std::unexpected(pid.error());
  std::ofstream(pid_path) << *pid << "\n";

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (answers(port)) return local_instance{.port = port, .pid = *pid, .running = true, .answering = true};
    if (::waitpid(*pid, nullptr, WNOHANG) == *pid) {
      fs::remove(pid_path, ec);
      return std::unexpected(failure{exit_code::service_error,
                                     "DynamoDB Local exited at start (is java installed?); its log: " +
                                         (run_dir() / (std::to_string(port) + ".log")).string()});
    }
    std::this_thread::sleep_for(200ms);
  }
  ::kill(*pid, SIGKILL);
  wait_gone(*pid, 2s);
  fs::remove(pid_path, ec);
  return std::unexpected(failure{exit_code::service_error, "DynamoDB Local did not answer on port " +
                                                               std::to_string(port) + " within " +
                                                               std::to_string(wait_seconds) + " s"});
}

std::vector<local_instance> local_server::stop(std::uint16_t port) const {
  std::vector<local_instance> stopped;
  for (const auto& instance : list()) {
    if (port != 0 && instance.port != port) continue;
    ::kill(instance.pid, SIGTERM);
    if (!wait_gone(instance.pid, 5s)) {
      ::kill(instance.pid, SIGKILL);
      wait_gone(instance.pid, 2s);
    }
    std::error_code ec;
    fs::remove(run_dir() / (std::to_string(instance.port) + ".pid"), ec);
    stopped.push_back(instance);
  }
  return stopped;
}

std::vector<local_instance> local_server::list() const {
  std::vector<local_instance> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(run_dir(), ec)) {
    if (entry.path().extension() != ".pid") continue;
    const auto stem = entry.path().stem().string();
    char* end = nullptr;
    const auto port = std::strtoul(stem.c_str(), &end, 10);
    if (*end != '\0' || port == 0 || port > 65535) continue;
    auto instance = inspect(static_cast<std::uint16_t>(port));
    if (!instance.running) {
      fs::remove(entry.path(), ec);  // it died or was killed: the file is stale
      continue;
    }
    found.push_back(instance);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.port < b.port; });
  return found;
}

}  // namespace ddbkit::cli

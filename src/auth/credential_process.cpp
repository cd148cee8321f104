#include <ddbkit/auth/credential_process.hpp>

#include <ddbkit/auth/caching_credentials_provider.hpp>

#include "async/complete.hpp"
#include "auth/credentials_json.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>
#include <vector>

extern char** environ;

namespace ddbkit {
namespace {

/// Closes a file descriptor when it goes out of scope.
struct fd_guard {
  int fd = -1;
  ~fd_guard() {
    if (fd >= 0) ::close(fd);
  }
};

/// How often a running command looks whether its provider is being destroyed.
constexpr std::chrono::milliseconds stop_check{100};

/// Kills the command's whole process group (the shell and what it started) and reaps it.
void kill_and_reap(pid_t pid) {
  ::kill(-pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

/// run_credential_process, which a provider being destroyed can stop: the command is then
/// killed within a tenth of a second.
result<credentials> run_until_stopped(const std::string& command, const credential_process_options& opts,
                                      std::stop_token stop) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return fail(error_code::credentials, std::string("credential_process: pipe failed: ") + std::strerror(errno));
  }
  fd_guard read_end{pipe_fds[0]};
  fd_guard write_end{pipe_fds[1]};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, write_end.fd, STDOUT_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // A group of its own, so a timeout kills what the shell started too.
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);

  char sh[] = "/bin/sh";
  char dash_c[] = "-c";
  std::string command_copy = command;
  char* argv[] = {sh, dash_c, command_copy.data(), nullptr};
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0) {
    return fail(error_code::credentials, std::string("credential_process: cannot start /bin/sh: ") + std::strerror(spawned));
  }
  ::close(write_end.fd);
  write_end.fd = -1;

  const auto deadline = std::chrono::steady_clock::now() + opts.timeout;
  // Why the command must end now, if it must: its time ran out, or its provider is going.
  const auto cut_short = [&]() -> std::optional<error> {
    if (std::chrono::steady_clock::now() >= deadline) {
      return error(error_code::credentials,
                   "credential_process: timed out after " + std::to_string(opts.timeout.count()) + " ms");
    }
    if (stop.stop_requested()) {
      return error(error_code::credentials, "credential_process: stopped: the provider was destroyed");
    }
    return std::nullopt;
  };
  std::string output;
  char buffer[4096];
  for (;;) {
    if (auto why = cut_short()) {
      kill_and_reap(pid);
      return std::unexpected(std::move(*why));
    }
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{.fd = read_end.fd, .events = POLLIN, .revents = 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), stop_check.count())));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    const auto n = ::read(read_end.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // end of output (or an error: the exit status tells)
    output.append(buffer, static_cast<std::size_t>(n));
    if (output.size() > opts.max_output) {
      kill_and_reap(pid);
      return fail(error_code::credentials, "credential_process: more than " + std::to_string(opts.max_output) +
                                               " bytes of output");
    }
  }

  int status = 0;
  // The output is complete; the shell exits right after closing it (bounded by the deadline
  // all the same, in case it closed stdout and kept running).
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) {
      return fail(error_code::credentials, "credential_process: lost the command's exit status");
    }
    if (auto why = cut_short()) {
      kill_and_reap(pid);
      return std::unexpected(std::move(*why));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    // Not the output: a failing command may still have printed a secret.
    return fail(error_code::credentials,
                WIFEXITED(status) ? "credential_process: exited with status " + std::to_string(WEXITSTATUS(status))
                                  : "credential_process: killed by signal " + std::to_string(WTERMSIG(status)));
  }
  return detail::parse_credentials_json(
      output, {.source = "credential_process", .token_field = "SessionToken", .require_version_1 = true});
}

/// The threads that run a provider's command, one a refresh (the command may take seconds:
/// not on the caller's I/O thread). Joined, never detached: a detached thread could still be
/// inside Asio's post of its answer when the owner, having got it, destroys the io_context
/// (ThreadSanitizer saw that). Destroying them stops a command under way and waits for its
/// thread.
class command_threads {
 public:
  command_threads() = default;
  command_threads(const command_threads&) = delete;
  command_threads& operator=(const command_threads&) = delete;

  ~command_threads() {
    std::lock_guard lock(mutex_);
    for (auto& run : runs_) {
      // The last owner let go on the command's own thread (a handler run there): it is
      // ending anyway and cannot wait for itself.
      if (run.thread.get_id() == std::this_thread::get_id()) run.thread.detach();
    }
    runs_.clear();  // each jthread asks its command to stop, then joins
  }

  /// Runs `work(stop_token)` on a thread of its own.
  template <class Work>
  void start(Work work) {
    std::lock_guard lock(mutex_);
    std::erase_if(runs_, [](const run& r) { return r.done->load(); });  // their jthreads join at once
    // Shared with the thread, which may outlive this object (the detached case above).
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::jthread thread([work = std::move(work), done](std::stop_token stop) mutable {
      work(stop);
      done->store(true);
    });
    runs_.push_back({std::move(done), std::move(thread)});
  }

 private:
  struct run {
    std::shared_ptr<std::atomic<bool>> done;
    std::jthread thread;
  };
  std::mutex mutex_;
  std::vector<run> runs_;
};

/// A caching provider whose refreshes run the command on command_threads.
class credential_process_provider final : public credentials_provider {
 public:
  credential_process_provider(std::string command, credential_process_options opts)
      : cache_([this, command = std::move(command), opts](handler h) {
          threads_.start([command, opts, h = std::move(h)](std::stop_token stop) mutable {
            detail::complete_now<result<credentials>>(std::move(h), run_until_stopped(command, opts, stop));
          });
        }) {}

  void async_get_credentials(handler h) override { cache_.async_get_credentials(std::move(h)); }
  std::shared_ptr<const credentials> credentials_at_hand() override { return cache_.credentials_at_hand(); }

 private:
  caching_credentials_provider cache_;
  command_threads threads_;  ///< after cache_: stopped and joined before the cache goes
};

}  // namespace

result<credentials> run_credential_process(const std::string& command, const credential_process_options& opts) {
  return run_until_stopped(command, opts, {});
}

std::shared_ptr<credentials_provider> make_credential_process_provider(std::string command,
                                                                       credential_process_options opts) {
  return std::make_shared<credential_process_provider>(std::move(command), opts);
}

}  // namespace ddbkit

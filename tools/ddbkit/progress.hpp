#pragma once
// A progress display on standard error for long commands (load, export). Standard output
// may be the data itself (export), so progress never goes there.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>

namespace ddbkit::cli {

struct progress_options {
  /// What the items went through, e.g. "loaded", "exported".
  std::string verb;
  /// The items expected in all (for % and ETA); empty when unknown.
  std::optional<std::uint64_t> total_items;
  /// Measures % and ETA in bytes instead, when the total size is known (a load of a file).
  std::optional<std::uint64_t> total_bytes;
  /// One line redrawn in place about 10 times a second (a terminal), else a plain line
  /// every `plain_interval`, so a log gets a few lines, not thousands.
  bool terminal = false;
  std::chrono::milliseconds plain_interval{5000};
  /// Prints nothing at all (--quiet).
  bool quiet = false;
};

/// Shows how far a command is: items done, items/s and, with a total, % and ETA. A thread
/// of its own draws the line, so a stalled command still shows its rate falling.
/// advance() is thread-safe and cheap (two atomic additions); finish() is called once, by
/// the owner, and prints the last line. The stream must outlive the object.
class progress {
 public:
  progress(std::ostream& out, progress_options options);
  ~progress();
  progress(const progress&) = delete;
  progress& operator=(const progress&) = delete;

  void advance(std::uint64_t items, std::uint64_t bytes = 0) noexcept;
  /// Prints `text` on a line of its own (above a terminal's progress line), even when quiet:
  /// a message must not be torn by a redraw. Thread-safe.
  void note(std::string_view text);
  /// Stops the drawing and prints the final line (a terminal's line is then ended).
  void finish();

  /// The options for standard error: terminal when it is one.
  static progress_options for_standard_error(std::string verb, bool quiet, std::chrono::milliseconds plain_interval);

 private:
  std::string line() const;
  void draw(bool last);
  void run(std::stop_token stop);

  std::ostream& out_;
  progress_options options_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::atomic<std::uint64_t> items_{0};
  std::atomic<std::uint64_t> bytes_{0};
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool finished_ = false;
  std::jthread drawer_;  // last member: started after everything it reads exists
};

}  // namespace ddbkit::cli

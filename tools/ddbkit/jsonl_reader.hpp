#pragma once
// JSON Lines read as a stream: a fixed buffer refilled from a file descriptor, one line
// handed out at a time, so memory does not grow with the input (only with its longest line).
#include "failure.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ddbkit::cli {

struct jsonl_line {
  std::uint64_t number = 0;  ///< 1-based, counting every line (blank ones too)
  std::string_view text;     ///< without its newline (or \r\n); valid until the next next()
  std::uint64_t bytes = 0;   ///< as read, newline included (for progress by bytes)
  bool too_long = false;     ///< over max_line_bytes: `text` is empty, the line skipped
};

/// Reads `FILE`, `file://FILE` or `-` (standard input). Not thread-safe.
class jsonl_reader {
 public:
  /// An item of 400 KB as DynamoDB-JSON of many small attributes takes a few MB; a longer
  /// line is no item, and keeping it would let one line take any memory.
  static constexpr std::size_t max_line_bytes = 16 * 1024 * 1024;

  /// Opens the source; bad input naming `option` when it cannot be read. `stop` ends the
  /// input early: a read interrupted by a signal (EINTR) while it is set is the end.
  static outcome<jsonl_reader> open(std::string_view option, const std::string& source, const std::atomic<bool>& stop);

  jsonl_reader(jsonl_reader&& other) noexcept;
  jsonl_reader& operator=(jsonl_reader&&) = delete;
  jsonl_reader(const jsonl_reader&) = delete;
  ~jsonl_reader();

  /// The next line; nullopt at the end of the input (or when stopped). A read error is
  /// a failure of exit code 1.
  outcome<std::optional<jsonl_line>> next();

  /// The size of the input when it is a regular file (for progress), else nullopt.
  std::optional<std::uint64_t> size() const { return size_; }

 private:
  jsonl_reader(int fd, bool owned, std::string name, std::optional<std::uint64_t> size, const std::atomic<bool>& stop);
  /// Reads more into the buffer (at_end_ once there is no more).
  outcome<void> fill();

  int fd_;
  bool owned_;
  std::string name_;
  std::optional<std::uint64_t> size_;
  const std::atomic<bool>* stop_;
  std::string buffer_;
  std::size_t begin_ = 0;  ///< start of the unread part of buffer_
  std::size_t end_ = 0;    ///< end of the data in buffer_
  bool at_end_ = false;
  bool stopped_ = false;  ///< the end came from `stop`, maybe in the middle of a line
  std::uint64_t number_ = 0;
};

}  // namespace ddbkit::cli

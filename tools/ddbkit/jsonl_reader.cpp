#include "jsonl_reader.hpp"

#include "exit_codes.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ddbkit::cli {
namespace {

constexpr std::size_t read_size = 1024 * 1024;
constexpr std::string_view file_prefix = "file://";

}  // namespace

outcome<jsonl_reader> jsonl_reader::open(std::string_view option, const std::string& source,
                                         const std::atomic<bool>& stop) {
  if (source == "-") return jsonl_reader(STDIN_FILENO, false, "standard input", std::nullopt, stop);
  const std::string path = source.starts_with(file_prefix) ? source.substr(file_prefix.size()) : source;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(bad_input(std::string(option) + ": cannot read " + path + ": " + std::strerror(errno)));
  struct stat status {};
  std::optional<std::uint64_t> size;
  if (::fstat(fd, &status) == 0 && S_ISREG(status.st_mode)) size = static_cast<std::uint64_t>(status.st_size);
  return jsonl_reader(fd, true, path, size, stop);
}

jsonl_reader::jsonl_reader(int fd, bool owned, std::string name, std::optional<std::uint64_t> size,
                           const std::atomic<bool>& stop)
    : fd_(fd), owned_(owned), name_(std::move(name)), size_(size), stop_(&stop), buffer_(read_size, '\0') {}

jsonl_reader::jsonl_reader(jsonl_reader&& other) noexcept
    : fd_(other.fd_),
      owned_(std::exchange(other.owned_, false)),
      name_(std::move(other.name_)),
      size_(other.size_),
      stop_(other.stop_),
      buffer_(std::move(other.buffer_)),
      begin_(other.begin_),
      end_(other.end_),
      at_end_(other.at_end_),
      stopped_(other.stopped_),
      number_(other.number_) {}

jsonl_reader::~jsonl_reader() {
  if (owned_) ::close(fd_);
}

outcome<void> jsonl_reader::fill() {
  // Keep the unread part (a line begun) at the front; grow only for a line longer than the buffer.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() - end_ < read_size / 2) buffer_.resize(buffer_.size() + read_size);
  for (;;) {
    const auto n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
    if (n > 0) {
      end_ += static_cast<std::size_t>(n);
      return {};
    }
    if (n == 0) break;
    if (errno != EINTR) {
      return std::unexpected(failure{exit_code::service_error, "cannot read " + name_ + ": " + std::strerror(errno)});
    }
    if (stop_->load()) {
      stopped_ = true;
      break;
    }
  }
  at_end_ = true;
  return {};
}

outcome<std::optional<jsonl_line>> jsonl_reader::next() {
  std::size_t searched = 0;  // bytes after begin_ known to hold no newline
  bool too_long = false;
  std::uint64_t skipped = 0;  // bytes of a too long line already dropped
  for (;;) {
    const void* found = std::memchr(buffer_.data() + begin_ + searched, '\n', end_ - begin_ - searched);
    // A last line without a newline counts, unless the read was stopped in its middle.
    const bool last_unterminated = found == nullptr && at_end_ && !stopped_ && (end_ > begin_ || too_long);
    if (found != nullptr || last_unterminated) {
      const std::size_t newline = found ? static_cast<std::size_t>(static_cast<const char*>(found) - buffer_.data()) : end_;
      std::string_view text(buffer_.data() + begin_, newline - begin_);
      const std::uint64_t bytes = skipped + text.size() + (found ? 1 : 0);
      if (text.ends_with('\r')) text.remove_suffix(1);
      begin_ = found ? newline + 1 : end_;
      if (too_long) text = {};
      return jsonl_line{.number = ++number_, .text = text, .bytes = bytes, .too_long = too_long};
    }
    if (at_end_) return std::nullopt;
    if (end_ - begin_ > max_line_bytes) {
      // Drop what is read of this line, remembering that it is one too long.
      too_long = true;
      skipped += end_ - begin_;
      begin_ = end_;
    }
    searched = end_ - begin_;
    if (auto more = fill(); !more) return std::unexpected(std::move(more.error()));
  }
}

}  // namespace ddbkit::cli

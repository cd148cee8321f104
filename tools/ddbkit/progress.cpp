#include "progress.hpp"

#include "number_text.hpp"

#include <algorithm>

#include <unistd.h>

namespace ddbkit::cli {
namespace {

/// h:mm:ss, or m:ss under an hour.
std::string clock_text(std::chrono::seconds left) {
  const auto s = left.count();
  const auto two_digits = [](long long n) { return (n < 10 ? "0" : "") + std::to_string(n); };
  if (s >= 3600) return std::to_string(s / 3600) + ":" + two_digits(s / 60 % 60) + ":" + two_digits(s % 60);
  return std::to_string(s / 60) + ":" + two_digits(s % 60);
}

constexpr std::chrono::milliseconds terminal_interval{100};

}  // namespace

progress::progress(std::ostream& out, progress_options options) : out_(out), options_(std::move(options)) {
  if (!options_.quiet) drawer_ = std::jthread([this](std::stop_token stop) { run(std::move(stop)); });
}

progress::~progress() { finish(); }

progress_options progress::for_standard_error(std::string verb, bool quiet, std::chrono::milliseconds plain_interval) {
  return {.verb = std::move(verb),
          .terminal = ::isatty(STDERR_FILENO) == 1,
          .plain_interval = plain_interval,
          .quiet = quiet};
}

void progress::advance(std::uint64_t items, std::uint64_t bytes) noexcept {
  items_.fetch_add(items, std::memory_order_relaxed);
  bytes_.fetch_add(bytes, std::memory_order_relaxed);
}

std::string progress::line() const {
  const auto items = items_.load(std::memory_order_relaxed);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
  const double rate = elapsed.count() > 0 ? static_cast<double>(items) / elapsed.count() : 0;
  std::string text = options_.verb + " " + grouped(items) + " items, " + grouped(static_cast<std::uint64_t>(rate)) +
                     " items/s";
  // The fraction done, by bytes when the size is known, else by items.
  std::optional<double> done;
  if (options_.total_bytes && *options_.total_bytes > 0) {
    done = static_cast<double>(bytes_.load(std::memory_order_relaxed)) / static_cast<double>(*options_.total_bytes);
  } else if (options_.total_items && *options_.total_items > 0) {
    done = static_cast<double>(items) / static_cast<double>(*options_.total_items);
  }
  if (done) {
    // An estimate (ItemCount lags by hours) can be passed: say 99% until the end.
    const double fraction = std::min(*done, 0.99);
    text += ", " + fixed(fraction * 100, 0) + "%";
    if (fraction > 0) {
      const auto left = std::chrono::duration_cast<std::chrono::seconds>(elapsed * ((1 - fraction) / fraction));
      text += ", ETA " + clock_text(left);
    }
  }
  return text;
}

void progress::draw(bool last) {
  if (options_.terminal) {
    // \r and erase-to-end: one line redrawn in place, never a shorter line over a longer one.
    out_ << "\r" << line() << "\x1b[K";
    if (last) out_ << "\n";
  } else {
    out_ << line() << "\n";
  }
  out_.flush();
}

void progress::note(std::string_view text) {
  const std::lock_guard lock(mutex_);
  // Erase the progress line first; the next redraw brings it back below the message.
  if (options_.terminal && !options_.quiet) out_ << "\r\x1b[K";
  out_ << text << "\n";
  out_.flush();
}

void progress::run(std::stop_token stop) {
  const auto interval = options_.terminal ? terminal_interval : options_.plain_interval;
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, stop, interval, [] { return false; })) {
    if (stop.stop_requested()) return;
    draw(false);
  }
}

void progress::finish() {
  {
    const std::lock_guard lock(mutex_);
    if (finished_) return;
    finished_ = true;
  }
  if (options_.quiet) return;
  drawer_.request_stop();
  drawer_.join();
  // The last line shows the real count: 100% is earned, not estimated.
  options_.total_items.reset();
  options_.total_bytes.reset();
  draw(true);
}

}  // namespace ddbkit::cli

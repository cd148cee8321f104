// The CLI's progress display: what it prints plain and on a terminal, quiet, notes, the
// fraction done (capped at 99% until the end) and the final line's real count.
#include "progress.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <sstream>
#include <thread>

namespace ddbkit::cli {
namespace {

using namespace std::chrono_literals;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

/// A string stream the drawing thread can write while the test reads it.
class shared_text : public std::stringbuf {
 public:
  std::string text() {
    const std::lock_guard lock(mutex_);
    return str();
  }

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    const std::lock_guard lock(mutex_);
    return std::stringbuf::xsputn(s, n);
  }
  int_type overflow(int_type c) override {
    const std::lock_guard lock(mutex_);
    return std::stringbuf::overflow(c);
  }

 private:
  std::recursive_mutex mutex_;  // the base xsputn calls overflow
};

/// Waits (at most 10 s) until `buf` holds `needle`.
bool shows(shared_text& buf, const std::string& needle) {
  for (int i = 0; i < 1000; ++i) {
    if (buf.text().find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

TEST(progress, a_plain_stream_gets_one_final_line_with_the_real_count) {
  std::ostringstream out;
  {
    progress shown(out, {.verb = "loaded", .total_items = 1'000'000, .plain_interval = 1h});
    shown.advance(1'234'000);
    shown.advance(567);
    shown.finish();
  }
  const auto text = out.str();
  EXPECT_THAT(text, StartsWith("loaded 1,234,567 items, "));
  EXPECT_THAT(text, EndsWith(" items/s\n"));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
  // The last line states what was done, not an estimate against a total.
  EXPECT_THAT(text, Not(HasSubstr("%")));
  EXPECT_THAT(text, Not(HasSubstr("\r")));
}

TEST(progress, a_terminal_line_is_redrawn_in_place_and_ended_at_the_finish) {
  std::ostringstream out;
  progress shown(out, {.verb = "exported", .terminal = true});
  shown.advance(3);
  shown.finish();
  const auto text = out.str();
  EXPECT_THAT(text, StartsWith("\r"));
  EXPECT_THAT(text, HasSubstr("exported 3 items, "));
  EXPECT_THAT(text, EndsWith("\x1b[K\n"));
}

TEST(progress, quiet_prints_nothing_but_notes) {
  std::ostringstream out;
  {
    progress shown(out, {.verb = "loaded", .plain_interval = 1ms, .quiet = true});
    shown.advance(10);
    std::this_thread::sleep_for(20ms);
    shown.note("line 7: not valid JSON");
    shown.finish();
  }
  EXPECT_EQ(out.str(), "line 7: not valid JSON\n");
}

TEST(progress, a_note_on_a_terminal_erases_the_progress_line_first) {
  std::ostringstream out;
  progress shown(out, {.verb = "loaded", .terminal = true});
  shown.note("warning");
  shown.finish();
  EXPECT_THAT(out.str(), HasSubstr("\r\x1b[Kwarning\n"));
}

TEST(progress, lines_while_running_show_the_fraction_done_by_items_and_an_eta) {
  shared_text buf;
  std::ostream out(&buf);
  progress shown(out, {.verb = "loaded", .total_items = 200, .plain_interval = 5ms});
  shown.advance(50);
  EXPECT_TRUE(shows(buf, "loaded 50 items, ")) << buf.text();
  EXPECT_TRUE(shows(buf, ", 25%, ETA ")) << buf.text();
  shown.finish();
}

TEST(progress, the_fraction_goes_by_bytes_when_the_size_is_known) {
  shared_text buf;
  std::ostream out(&buf);
  progress shown(out, {.verb = "loaded", .total_items = 1000, .total_bytes = 4000, .plain_interval = 5ms});
  shown.advance(1, 3000);  // 0.1% of the items, 75% of the bytes
  EXPECT_TRUE(shows(buf, ", 75%, ETA ")) << buf.text();
  shown.finish();
}

TEST(progress, an_estimate_that_is_passed_shows_99_percent_until_the_end) {
  shared_text buf;
  std::ostream out(&buf);
  progress shown(out, {.verb = "exported", .total_items = 10, .plain_interval = 5ms});
  shown.advance(25);  // ItemCount lags: more items than the estimate
  EXPECT_TRUE(shows(buf, "exported 25 items, ")) << buf.text();
  EXPECT_TRUE(shows(buf, ", 99%")) << buf.text();
  EXPECT_THAT(buf.text(), Not(HasSubstr("250%")));
  shown.finish();
}

}  // namespace
}  // namespace ddbkit::cli

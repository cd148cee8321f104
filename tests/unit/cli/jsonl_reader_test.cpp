// The CLI's line reader: line numbers, CR LF, blank and unterminated lines, lines across
// its 1 MiB reads, lines over the limit skipped without losing the next one, bad sources.
#include "jsonl_reader.hpp"

#include "exit_codes.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ddbkit::cli {
namespace {

using ::testing::HasSubstr;

struct read_line {
  std::uint64_t number;
  std::string text;
  std::uint64_t bytes;
  bool too_long;
  friend bool operator==(const read_line&, const read_line&) = default;
  friend std::ostream& operator<<(std::ostream& os, const read_line& l) {
    return os << "{" << l.number << ", \"" << (l.text.size() > 40 ? l.text.substr(0, 40) + "..." : l.text) << "\" ("
              << l.text.size() << " chars), " << l.bytes << " bytes, too_long " << l.too_long << "}";
  }
};

class jsonl_reader_test : public ::testing::Test {
 protected:
  std::string write_file(const std::string& content) {
    const auto path = (std::filesystem::path(::testing::TempDir()) /
                       ("jsonl_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name())))
                          .string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::vector<read_line> read_all(const std::string& source) {
    auto reader = jsonl_reader::open("--file", source, stop_);
    EXPECT_TRUE(reader) << (reader ? "" : reader.error().message);
    std::vector<read_line> lines;
    if (!reader) return lines;
    for (;;) {
      auto line = reader->next();
      EXPECT_TRUE(line) << (line ? "" : line.error().message);
      if (!line || !*line) break;
      lines.push_back({(*line)->number, std::string((*line)->text), (*line)->bytes, (*line)->too_long});
    }
    return lines;
  }

  std::atomic<bool> stop_{false};
};

TEST_F(jsonl_reader_test, numbers_every_line_and_strips_lf_and_crlf) {
  const auto lines = read_all(write_file("{\"a\":1}\n\n{\"b\":2}\r\n{\"c\":3}\n"));
  EXPECT_THAT(lines, ::testing::ElementsAre(read_line{1, "{\"a\":1}", 8, false}, read_line{2, "", 1, false},
                                            read_line{3, "{\"b\":2}", 9, false}, read_line{4, "{\"c\":3}", 8, false}));
}

TEST_F(jsonl_reader_test, a_last_line_without_a_newline_counts) {
  const auto lines = read_all(write_file("{\"a\":1}\n{\"b\":2}"));
  EXPECT_THAT(lines, ::testing::ElementsAre(read_line{1, "{\"a\":1}", 8, false}, read_line{2, "{\"b\":2}", 7, false}));
}

TEST_F(jsonl_reader_test, an_empty_file_has_no_lines) { EXPECT_TRUE(read_all(write_file("")).empty()); }

TEST_F(jsonl_reader_test, lines_that_cross_the_read_size_come_out_whole) {
  // Three lines of 700 KB: the second starts in the first 1 MiB read and ends in the next.
  std::string content;
  for (char c : {'x', 'y', 'z'}) content += std::string(700 * 1024, c) + "\n";
  const auto lines = read_all(write_file(content));
  ASSERT_EQ(lines.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(lines[i].number, i + 1);
    EXPECT_EQ(lines[i].text, std::string(700 * 1024, static_cast<char>('x' + i)));
    EXPECT_EQ(lines[i].bytes, 700u * 1024 + 1);
  }
}

TEST_F(jsonl_reader_test, a_line_over_the_limit_is_skipped_and_the_next_one_read) {
  const std::size_t long_size = jsonl_reader::max_line_bytes + 3 * 1024 * 1024;
  std::string content = "{\"first\":1}\n" + std::string(long_size, 'q') + "\n{\"after\":2}\n";
  const auto lines = read_all(write_file(content));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], (read_line{1, "{\"first\":1}", 12, false}));
  // Its bytes still count (progress by bytes stays right); its text is gone.
  EXPECT_EQ(lines[1], (read_line{2, "", long_size + 1, true}));
  EXPECT_EQ(lines[2], (read_line{3, "{\"after\":2}", 12, false}));
}

TEST_F(jsonl_reader_test, a_line_at_the_limit_is_kept) {
  std::string content = std::string(jsonl_reader::max_line_bytes, 'k') + "\n{}\n";
  const auto lines = read_all(write_file(content));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_FALSE(lines[0].too_long);
  EXPECT_EQ(lines[0].text.size(), jsonl_reader::max_line_bytes);
  EXPECT_EQ(lines[1], (read_line{2, "{}", 3, false}));
}

TEST_F(jsonl_reader_test, a_file_url_names_the_same_file_and_a_regular_file_has_a_size) {
  const std::string content = "{\"a\":1}\n{\"b\":2}\n";
  const auto path = write_file(content);
  EXPECT_EQ(read_all("file://" + path), read_all(path));
  auto reader = jsonl_reader::open("--file", path, stop_);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->size(), content.size());
}

TEST_F(jsonl_reader_test, a_fifo_has_no_size) {
  const auto path = (std::filesystem::path(::testing::TempDir()) / "jsonl_fifo").string();
  std::filesystem::remove(path);
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  // Opening a FIFO for reading waits for a writer: open one first, without blocking.
  const int writer = ::open(path.c_str(), O_RDWR | O_NONBLOCK);
  ASSERT_GE(writer, 0);
  auto reader = jsonl_reader::open("--file", path, stop_);
  ASSERT_TRUE(reader) << reader.error().message;
  EXPECT_EQ(reader->size(), std::nullopt);
  ASSERT_EQ(::write(writer, "{\"p\":1}\n", 8), 8);
  auto line = reader->next();
  ASSERT_TRUE(line && *line);
  EXPECT_EQ((*line)->text, "{\"p\":1}");
  ::close(writer);
  std::filesystem::remove(path);
}

TEST_F(jsonl_reader_test, a_missing_file_is_bad_input_that_names_the_option_and_the_path) {
  auto reader = jsonl_reader::open("--file", "/nonexistent/ddbkit/items.jsonl", stop_);
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().exit_code, exit_code::bad_input);
  EXPECT_THAT(reader.error().message, HasSubstr("--file"));
  EXPECT_THAT(reader.error().message, HasSubstr("/nonexistent/ddbkit/items.jsonl"));
}

TEST_F(jsonl_reader_test, a_directory_fails_to_read_with_a_service_error) {
  auto reader = jsonl_reader::open("--file", ::testing::TempDir(), stop_);
  ASSERT_TRUE(reader);  // open(2) accepts a directory; read(2) refuses it
  auto line = reader->next();
  ASSERT_FALSE(line);
  EXPECT_EQ(line.error().exit_code, exit_code::service_error);
  EXPECT_THAT(line.error().message, HasSubstr("cannot read"));
}

}  // namespace
}  // namespace ddbkit::cli

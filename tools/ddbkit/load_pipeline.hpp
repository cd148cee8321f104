#pragma once
// The writing half of `load`: chunks of items handed to the table layer's batch writer,
// two chunks in flight so the writer never drains at a chunk's end, and the totals of
// what was written. Items not written go to a file that `load` reads again.
#include "failure.hpp"
#include "progress.hpp"

#include <ddbkit/table/batch_write.hpp>

#include <condition_variable>
#include <cstdint>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace ddbkit::cli {

/// Items of consecutive lines, sent as one write_batch().
struct load_chunk {
  std::vector<batch_write_entry> entries;
  std::uint64_t bytes = 0;       ///< of their lines, for progress
  std::uint64_t first_line = 0;  ///< for a message when the whole chunk is refused
  std::uint64_t last_line = 0;
};

struct load_totals {
  std::uint64_t written = 0;
  /// Replaced by a later line of the same key in the same chunk (last write wins).
  std::uint64_t superseded = 0;
  std::uint64_t not_written = 0;
  double write_capacity_units = 0;
  /// Why the first item not written was not (its last error), to say in the report.
  std::optional<std::string> first_reason;
};

/// Items not written, appended as DynamoDB-JSON lines; the file is created (truncated) on
/// the first one, so a load that writes everything leaves none behind.
class unwritten_file {
 public:
  explicit unwritten_file(std::string path) : path_(std::move(path)) {}
  outcome<void> add(const item& i);
  /// The path once something was saved there.
  std::optional<std::string> saved_to() const { return out_.is_open() ? std::optional(path_) : std::nullopt; }

 private:
  std::string path_;
  std::ofstream out_;
};

/// Sends chunks to write_batch() with at most `concurrency` requests in flight in all: two
/// chunks in flight get half each (rounded down), so one chunk's last requests overlap the
/// next one's first ones; with a concurrency of 1, one chunk at a time. Duplicate keys within a chunk: the later line wins (last_write_wins);
/// between two chunks in flight at once the order of two writes of one key is not fixed.
/// Used from one thread; the client's threads only hand results back.
class load_pipeline {
 public:
  load_pipeline(client& ddb, std::string table, key_schema keys, std::size_t concurrency, progress& shown,
                unwritten_file& unwritten);
  ~load_pipeline();
  load_pipeline(const load_pipeline&) = delete;
  load_pipeline& operator=(const load_pipeline&) = delete;

  /// Items to put per chunk: enough requests that the overlap at its end is a small part,
  /// few enough that progress (counted as chunks finish) moves often.
  std::size_t chunk_items() const { return 25 * per_chunk_concurrency_ * 8; }
  static constexpr std::uint64_t chunk_bytes = 8 * 1024 * 1024;

  /// Sends `chunk`, first waiting while two are in flight. A failure: the file of items
  /// not written could not be written, or a chunk was refused whole.
  outcome<void> send(load_chunk chunk);
  /// Waits for every chunk in flight; the totals of all of them.
  outcome<load_totals> finish();

 private:
  struct finished_chunk;
  /// Waits until fewer than `in_flight` chunks are in flight, handling those that finish.
  outcome<void> wait_until_fewer_than(std::size_t in_flight);
  outcome<void> account(finished_chunk done);

  client& ddb_;
  std::string table_;
  key_schemas schemas_;
  std::size_t chunks_in_flight_;
  std::size_t per_chunk_concurrency_;
  progress& shown_;
  unwritten_file& unwritten_;
  load_totals totals_;
  std::size_t in_flight_ = 0;  // read and written by this thread only
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<finished_chunk> finished_;  // filled by the client's threads
};

}  // namespace ddbkit::cli

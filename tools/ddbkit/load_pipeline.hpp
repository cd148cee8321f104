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
#include <map>
#include <mutex>
#include <optional>
#include <unordered_set>
#include <string>
#include <vector>

namespace ddbkit::cli {

/// Items of consecutive lines, sent as one write_batch().
struct load_chunk {
  std::vector<batch_write_entry> entries;
  /// The key of each entry as text: a chunk that shares one with a chunk in flight waits
  /// for it, so the later line of a key is always the one that stays.
  std::unordered_set<std::string> keys;
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
/// next one's first ones; with a concurrency of 1, one chunk at a time. Two lines of one key:
/// the later one wins — in one chunk by last_write_wins, across chunks because a chunk that
/// shares a key with one in flight waits until that one is done.
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
  std::size_t chunk_items() const { return 25 * per_chunk_concurrency_ * 16; }
  static constexpr std::uint64_t chunk_bytes = 8 * 1024 * 1024;

  /// Sends `chunk`, first waiting while two are in flight (or while one that shares a key
  /// with it is). A failure: the file of items
  /// not written could not be written, or a chunk was refused whole.
  outcome<void> send(load_chunk chunk);
  /// Waits for every chunk in flight.
  outcome<void> finish();
  /// What the chunks finished so far did (all of them after finish()).
  const load_totals& totals() const { return totals_; }

 private:
  struct finished_chunk;
  /// Waits until fewer than `in_flight` chunks are in flight, handling those that finish.
  outcome<void> wait_until_fewer_than(std::size_t in_flight);
  outcome<void> account(finished_chunk done);
  bool shares_a_key_with_chunks_in_flight(const std::unordered_set<std::string>& keys) const;

  client& ddb_;
  std::string table_;
  key_schemas schemas_;
  std::size_t chunks_in_flight_;
  std::size_t per_chunk_concurrency_;
  progress& shown_;
  unwritten_file& unwritten_;
  load_totals totals_;
  // Read and written by the sending thread only.
  std::size_t in_flight_ = 0;
  std::uint64_t next_chunk_id_ = 0;
  std::map<std::uint64_t, std::unordered_set<std::string>> keys_in_flight_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<finished_chunk> finished_;  // filled by the client's threads
};

}  // namespace ddbkit::cli

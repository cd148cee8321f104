#include "load_pipeline.hpp"

#include "exit_codes.hpp"

#include <ddbkit/value/dynamodb_json.hpp>

#include <cerrno>
#include <cstring>

namespace ddbkit::cli {

struct load_pipeline::finished_chunk {
  std::uint64_t id;
  result<batch_write_report> report;
  std::uint64_t bytes;
  std::uint64_t first_line;
  std::uint64_t last_line;
  std::size_t entries;
};

outcome<void> unwritten_file::add(const item& i) {
  if (!out_.is_open()) {
    out_.open(path_, std::ios::binary | std::ios::trunc);
    if (!out_) {
      return std::unexpected(failure{exit_code::service_error, "cannot write " + path_ + ": " + std::strerror(errno)});
    }
  }
  out_ << to_dynamodb_json(i) << '\n';
  if (!out_) return std::unexpected(failure{exit_code::service_error, "cannot write " + path_});
  return {};
}

load_pipeline::load_pipeline(client& ddb, std::string table, key_schema keys, std::size_t concurrency,
                             progress& shown, unwritten_file& unwritten)
    : ddb_(ddb),
      table_(std::move(table)),
      schemas_{{table_, std::move(keys)}},
      chunks_in_flight_(concurrency >= 2 ? 2 : 1),
      per_chunk_concurrency_(std::max<std::size_t>(1, concurrency / chunks_in_flight_)),
      shown_(shown),
      unwritten_(unwritten) {}

load_pipeline::~load_pipeline() {
  // The handlers in flight refer to this object: never leave before they are done.
  (void)wait_until_fewer_than(1);
}

outcome<void> load_pipeline::send(load_chunk chunk) {
  if (chunk.entries.empty()) return {};
  // Rare in practice (keys repeated thousands of lines apart), so waiting for every chunk is enough.
  const std::size_t room_for = shares_a_key_with_chunks_in_flight(chunk.keys) ? 1 : chunks_in_flight_;
  if (auto room = wait_until_fewer_than(room_for); !room) return room;
  ++in_flight_;
  const std::uint64_t id = next_chunk_id_++;
  keys_in_flight_.emplace(id, std::move(chunk.keys));
  const std::size_t entries = chunk.entries.size();
  const batch_write_options options{.concurrency = per_chunk_concurrency_, .last_write_wins = true};
  async_write_batch(ddb_, std::move(chunk.entries), schemas_, options,
                    [this, id, bytes = chunk.bytes, first = chunk.first_line, last = chunk.last_line,
                     entries](result<batch_write_report> report) {
                      const std::lock_guard lock(mutex_);
                      finished_.push_back({id, std::move(report), bytes, first, last, entries});
                      arrived_.notify_one();
                    });
  return {};
}

outcome<void> load_pipeline::wait_until_fewer_than(std::size_t in_flight) {
  outcome<void> outcome;
  while (in_flight_ >= in_flight) {
    std::vector<finished_chunk> done;
    {
      std::unique_lock lock(mutex_);
      arrived_.wait(lock, [this] { return !finished_.empty(); });
      done.swap(finished_);
    }
    for (auto& chunk : done) {
      --in_flight_;
      keys_in_flight_.erase(chunk.id);
      // Every finished chunk is counted, even after a failure, so the totals stay exact.
      if (auto counted = account(std::move(chunk)); !counted && outcome) outcome = std::move(counted);
    }
  }
  return outcome;
}

outcome<void> load_pipeline::account(finished_chunk done) {
  if (!done.report) {
    // Checked line by line before sending, so this is not expected; say which lines it was.
    totals_.not_written += done.entries;
    auto why = failed(done.report.error());
    why.message = "lines " + std::to_string(done.first_line) + "-" + std::to_string(done.last_line) +
                  " were refused together and not written: " + why.message;
    return std::unexpected(std::move(why));
  }
  const auto& report = *done.report;
  totals_.written += report.written;
  totals_.superseded += report.superseded;
  totals_.not_written += report.not_written.size();
  if (!report.not_written.empty() && !totals_.first_reason) {
    totals_.first_reason = failed(report.not_written.front().reason).message;
  }
  if (auto used = report.capacity_units.find(table_); used != report.capacity_units.end()) {
    totals_.write_capacity_units += used->second;
  }
  shown_.advance(report.written + report.superseded, done.bytes);
  for (const auto& failed_item : report.not_written) {
    if (const auto* put = failed_item.entry.request.put_item()) {
      if (auto saved = unwritten_.add(*put); !saved) return saved;
    }
  }
  return {};
}

bool load_pipeline::shares_a_key_with_chunks_in_flight(const std::unordered_set<std::string>& keys) const {
  for (const auto& [id, in_flight] : keys_in_flight_) {
    for (const auto& k : keys) {
      if (in_flight.contains(k)) return true;
    }
  }
  return false;
}

outcome<void> load_pipeline::finish() { return wait_until_fewer_than(1); }

}  // namespace ddbkit::cli

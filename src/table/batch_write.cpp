#include <ddbkit/client.hpp>
#include <ddbkit/table/batch_write.hpp>

#include "async/complete.hpp"
#include "client/serialized_call.hpp"
#include "model/batch_write_body.hpp"
#include "model/validation.hpp"
#include "table/batch_scheduler.hpp"
#include "table/key_text.hpp"

#include <algorithm>
#include <cstdint>
#include <future>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace ddbkit {

namespace asio = boost::asio;

namespace {

// Room for its table's name and the JSON around a write, on top of the write's own JSON.
constexpr std::size_t overhead_per_write = 64;

std::string writes_field(std::size_t i) { return "Writes[" + std::to_string(i) + "]"; }

/// The key of write `i` as text (for duplicates and matching), after checking the write.
result<std::string> checked_key_text(const std::string& table, bool is_put, const item& value, std::size_t i,
                                     const key_schemas& schemas, const batch_write_options& options) {
  auto schema = schemas.find(table);
  if (schema == schemas.end()) {
    return std::unexpected(error::validation(writes_field(i), "no key schema for table " + table));
  }
  if (is_put) {
    // The field's name is built only for the error (this runs for every item).
    static const std::string unnamed;
    if (!detail::check_item(value, unnamed)) {
      return std::unexpected(detail::check_item(value, writes_field(i) + ".PutRequest.Item").error());
    }
    if (options.check_put) {
      if (auto ok = options.check_put(table, value); !ok) return std::unexpected(ok.error());
    }
    auto k = schema->second.key_item_of(value);
    if (!k) return std::unexpected(k.error());
    return detail::key_text(table, *k);
  }
  if (auto ok = detail::check_key(value, writes_field(i) + ".DeleteRequest.Key"); !ok) return std::unexpected(ok.error());
  auto k = schema->second.key_item_of(value);
  if (!k) return std::unexpected(k.error());
  if (k->size() != value.size()) {
    return std::unexpected(error::validation(writes_field(i) + ".DeleteRequest.Key",
                                             "holds attributes that are not the key of " + table));
  }
  return detail::key_text(table, *k);
}

}  // namespace

namespace detail {

/// One batch write in progress.
class write_job final : public batch_scheduler {
 public:
  using handler = asio::any_completion_handler<void(result<batch_write_report>)>;

  write_job(client& c, const key_schemas& schemas, const batch_write_options& options, std::size_t expected_writes)
      : batch_scheduler(c, options.retry.value_or(c.options().retry),
                        {.concurrency = options.concurrency,
                         .entries_per_request = 25,
                         .bytes_per_request = 16 * 1024 * 1024,
                         .attempt_timeout = options.attempt_timeout}),
        schemas_(schemas),
        options_(options) {
    writes_.reserve(expected_writes);
    write_of_key_.reserve(expected_writes);
  }

  /// Checks, de-duplicates and serializes the next write; an error refuses the whole batch.
  result<void> add(const std::string& table, bool is_put, const item& value) {
    const std::size_t i = writes_.size();
    auto text = checked_key_text(table, is_put, value, i, schemas_, options_);
    if (!text) return std::unexpected(text.error());
    auto table_index = index_of(table, i);
    if (!table_index) return std::unexpected(table_index.error());
    auto [at, inserted] = write_of_key_.try_emplace(std::move(*text), i);
    if (!inserted) {
      if (!options_.last_write_wins) {
        return std::unexpected(error::validation(
            writes_field(i), writes_field(at->second) + " and " + writes_field(i) + " write the same key of table " +
                                 table + " (set last_write_wins to keep the later one)"));
      }
      auto& replaced = writes_[at->second];
      replaced.superseded = true;
      std::string().swap(replaced.json);
      ++report_.superseded;
      at->second = i;
    }
    // Serialized once: every request that carries the write sends this text.
    writes_.push_back({.json = write_request_json(is_put, value), .table = *table_index});
    return {};
  }

  void run(handler done) {
    add_ready(writes_.size(), [this](std::size_t i) { return writes_[i].superseded; });
    // emplace: Boost 1.81's any_completion_handler move assignment recurses without end.
    done_.emplace(std::move(done));
    start();
  }

 private:
  struct pending_write {
    std::string json;  ///< write_request_json() of the write; emptied when superseded
    std::uint32_t table = 0;  ///< in tables_
    bool superseded = false;
  };

  /// The index of `table` in tables_, which checks each table's name once.
  result<std::uint32_t> index_of(const std::string& table, std::size_t i) {
    if (!tables_.empty() && tables_[last_table_] == table) return last_table_;
    auto found = std::ranges::find(tables_, table);
    if (found == tables_.end()) {
      if (auto ok = check_table_name(table, writes_field(i) + ".TableName"); !ok) return std::unexpected(ok.error());
      found = tables_.insert(tables_.end(), table);
    }
    last_table_ = static_cast<std::uint32_t>(found - tables_.begin());
    return last_table_;
  }

  std::size_t size_of(std::size_t i) const override { return writes_[i].json.size() + overhead_per_write; }

  void send(std::vector<std::size_t> chunk, call_options call, std::shared_ptr<const attempt_count> count) override {
    std::vector<serialized_write> writes;
    writes.reserve(chunk.size());
    std::vector<std::uint32_t> tables;
    for (auto i : chunk) {
      writes.push_back({.table = tables_[writes_[i].table], .json = writes_[i].json});
      if (std::ranges::find(tables, writes_[i].table) == tables.end()) tables.push_back(writes_[i].table);
    }
    // Observers see the tables joined with ',' in name order, as for a batch_write_item_input.
    std::ranges::sort(tables, [this](auto a, auto b) { return tables_[a] < tables_[b]; });
    call_target target;
    for (auto t : tables) {
      if (!target.table.empty()) target.table += ',';
      target.table += tables_[t];
    }
    // As the client does for an input that leaves it unset: INDEXES when an observer or a
    // capacity budget wants the consumed capacity.
    std::optional<return_consumed_capacity> capacity;
    if (options_.consumed_capacity) capacity = return_consumed_capacity::total;
    else if (asks_consumed_capacity(client_)) capacity = return_consumed_capacity::indexes;
    start_serialized<batch_write_item_input>(
        client_, batch_write_body(writes, capacity), std::move(target), /*may_repeat=*/true, std::move(call),
        [self = std::static_pointer_cast<write_job>(shared_from_this()), chunk = std::move(chunk), count = std::move(count)](
            result<batch_write_item_output> out) { self->on_answer(chunk, *count, std::move(out)); });
  }

  void on_answer(const std::vector<std::size_t>& chunk, const attempt_count& count, result<batch_write_item_output> out) {
    std::unique_lock lock(mutex_);
    report_.requests += count.requests();
    if (!out) return answered(lock, chunk, count, chunk, out.error());
    for (const auto& used : out->consumed_capacity) {
      if (used.capacity_units) report_.capacity_units[used.table_name] += *used.capacity_units;
    }
    std::vector<std::size_t> unprocessed;
    if (!out->unprocessed_items.empty()) {
      auto left = unprocessed_writes(out->unprocessed_items);
      for (auto i : chunk) {
        if (left.contains(i)) unprocessed.push_back(i);
      }
    }
    report_.written += chunk.size() - unprocessed.size();
    static const error left_unprocessed(error_code::throttled, "DynamoDB left the write unprocessed (UnprocessedItems)");
    answered(lock, chunk, count, unprocessed, left_unprocessed);
  }

  /// The writes (indexes) that `unprocessed` names, by their keys.
  std::unordered_set<std::size_t> unprocessed_writes(const write_requests& unprocessed) const {
    std::unordered_set<std::size_t> found;
    for (const auto& [table, writes] : unprocessed) {
      auto schema = schemas_.find(table);
      if (schema == schemas_.end()) continue;
      for (const auto& w : writes) {
        if (auto k = schema->second.key_item_of(w.put_item() ? *w.put_item() : *w.delete_key())) {
          if (auto at = write_of_key_.find(key_text(table, *k)); at != write_of_key_.end()) found.insert(at->second);
        }
      }
    }
    return found;
  }

  void give_up(std::size_t i, const error& why) override {
    const auto& write = writes_[i];
    auto request = parse_write_request_json(write.json);
    if (!request) {
      // Cannot happen (the text was written from a checked item, and the codec round-trips
      // exactly, as its fuzz target checks); if it did, the write is still in the report.
      report_.not_written.push_back(
          {.entry = {.table = tables_[write.table], .request = write_request::put({})},
           .reason = error(error_code::serialization, std::string(request.error().message()) + "; the write: " + write.json)});
      return;
    }
    report_.not_written.push_back({.entry = {.table = tables_[write.table], .request = std::move(*request)}, .reason = why});
  }

  void finish() override {
    complete_now<result<batch_write_report>>(std::move(*done_), std::move(report_));
  }

  key_schemas schemas_;
  batch_write_options options_;
  std::vector<std::string> tables_;
  std::uint32_t last_table_ = 0;
  std::vector<pending_write> writes_;
  /// Key text -> the write of that key that is sent (the last one, with last_write_wins).
  std::unordered_map<std::string, std::size_t> write_of_key_;
  batch_write_report report_;
  std::optional<handler> done_;
};

batch_write_builder::batch_write_builder(client& c, const key_schemas& schemas, const batch_write_options& options,
                                         std::size_t expected_writes)
    : client_(&c), job_(std::make_shared<write_job>(c, schemas, options, expected_writes)) {}

result<void> batch_write_builder::add(const std::string& table, bool is_put, const item& value) {
  return job_->add(table, is_put, value);
}

result<void> batch_write_builder::add(const batch_write_entry& entry) {
  if (const auto* put = entry.request.put_item()) return job_->add(entry.table, true, *put);
  return job_->add(entry.table, false, *entry.request.delete_key());
}

void batch_write_builder::start(asio::any_completion_handler<void(result<batch_write_report>)> handler) {
  std::exchange(job_, nullptr)->run(std::move(handler));
}

result<batch_write_report> batch_write_builder::run() {
  if (client_->runs_on_own_thread()) return std::unexpected(client::blocking_on_own_thread());
  std::promise<result<batch_write_report>> promise;
  auto answer = promise.get_future();
  start([&promise](result<batch_write_report> r) { promise.set_value(std::move(r)); });
  return answer.get();
}

}  // namespace detail

void async_write_batch(client& c, std::vector<batch_write_entry> entries, const key_schemas& schemas,
                       const batch_write_options& options,
                       asio::any_completion_handler<void(result<batch_write_report>)> handler) {
  detail::batch_write_builder batch(c, schemas, options, entries.size());
  for (const auto& entry : entries) {
    if (auto ok = batch.add(entry); !ok) {
      return detail::complete_later<result<batch_write_report>>(c.get_executor(), std::move(handler),
                                                                std::unexpected(ok.error()));
    }
  }
  std::vector<batch_write_entry>().swap(entries);  // what is sent is serialized: the items are not needed
  batch.start(std::move(handler));
}

result<batch_write_report> write_batch(client& c, std::vector<batch_write_entry> entries, const key_schemas& schemas,
                                       const batch_write_options& options) {
  if (c.runs_on_own_thread()) return std::unexpected(client::blocking_on_own_thread());
  detail::batch_write_builder batch(c, schemas, options, entries.size());
  for (const auto& entry : entries) {
    if (auto ok = batch.add(entry); !ok) return std::unexpected(ok.error());
  }
  std::vector<batch_write_entry>().swap(entries);
  return batch.run();
}

}  // namespace ddbkit

#include <ddbkit/client.hpp>
#include <ddbkit/table/batch_write.hpp>
#include <ddbkit/value/item_size.hpp>

#include "async/complete.hpp"
#include "client/serialized_call.hpp"
#include "model/batch_write_body.hpp"
#include "model/validation.hpp"
#include "table/batch_scheduler.hpp"
#include "table/key_text.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <string_view>

namespace ddbkit {

namespace asio = boost::asio;

namespace {

// Room for its table's name and the JSON around a write, on top of its item's size.
constexpr std::size_t overhead_per_write = 64;

std::string writes_field(std::size_t i) { return "Writes[" + std::to_string(i) + "]"; }

}  // namespace

namespace detail {

/// One batch write in progress. The writes stay where they are — the caller's items for a
/// blocking write, the job's own otherwise — and each request's body is serialized from
/// them; what a write keeps besides is a pointer, its size and the hash of its key.
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
  }

  /// Checks the next write (`value` must stay as it is until the job ends); an error
  /// refuses the whole batch.
  result<void> add(const std::string& table, bool is_put, const item& value) {
    const std::size_t i = writes_.size();
    auto schema = schemas_.find(table);
    if (schema == schemas_.end()) {
      return std::unexpected(error::validation(writes_field(i), "no key schema for table " + table));
    }
    auto table_index = index_of(table, i);
    if (!table_index) return std::unexpected(table_index.error());
    if (is_put) {
      // The field's name is built only for the error (this runs for every item).
      static const std::string unnamed;
      if (!check_item(value, unnamed)) {
        return std::unexpected(check_item(value, writes_field(i) + ".PutRequest.Item").error());
      }
      if (options_.check_put) {
        if (auto ok = options_.check_put(table, value); !ok) return std::unexpected(ok.error());
      }
    } else if (auto ok = check_key(value, writes_field(i) + ".DeleteRequest.Key"); !ok) {
      return std::unexpected(ok.error());
    }
    // Finds a missing key attribute; a delete's key with one too many is refused below.
    if (auto ok = key_text_of(key_buffer_, table, schema->second, value); !ok) return std::unexpected(ok.error());
    if (!is_put && value.size() != (schema->second.sort ? 2u : 1u)) {
      return std::unexpected(error::validation(writes_field(i) + ".DeleteRequest.Key",
                                               "holds attributes that are not the key of " + table));
    }
    writes_.push_back({.value = &value,
                       .key_hash = std::hash<std::string_view>{}(key_buffer_),
                       .size = static_cast<std::uint32_t>(item_size(value) + overhead_per_write),
                       .table = *table_index,
                       .is_put = is_put});
    return {};
  }

  /// As add(), keeping `value` in the job.
  result<void> add(const std::string& table, bool is_put, item&& value) {
    owned_.push_back(std::move(value));
    auto ok = add(table, is_put, owned_.back());
    if (!ok) owned_.pop_back();
    return ok;
  }

  /// Keeps `entries` in the job and adds each.
  result<void> add_all(std::vector<batch_write_entry> entries) {
    const auto& kept = owned_entries_.emplace_back(std::move(entries));
    for (const auto& e : kept) {
      const bool is_put = e.request.put_item() != nullptr;
      if (auto ok = add(e.table, is_put, is_put ? *e.request.put_item() : *e.request.delete_key()); !ok) return ok;
    }
    return {};
  }

  /// Finds two writes of one key: refused, or the earlier superseded (last_write_wins);
  /// then sends.
  void run(handler done) {
    if (auto ok = settle_duplicates(); !ok) {
      return complete_later<result<batch_write_report>>(client_.get_executor(), std::move(done),
                                                        std::unexpected(ok.error()));
    }
    add_ready(writes_.size(), [this](std::size_t i) { return writes_[i].superseded; });
    // emplace: Boost 1.81's any_completion_handler move assignment recurses without end.
    done_.emplace(std::move(done));
    start();
  }

 private:
  struct pending_write {
    const item* value = nullptr;  ///< the put's item or the delete's key
    std::uint64_t key_hash = 0;   ///< of its key_text_of()
    std::uint32_t size = 0;       ///< what it adds to a request
    std::uint32_t table = 0;      ///< in tables_
    bool is_put = true;
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

  std::string key_of(const pending_write& w) const {
    std::string text;
    const auto& table = tables_[w.table];
    (void)key_text_of(text, table, schemas_.find(table)->second, *w.value);  // checked when added
    return text;
  }

  /// Sorted by key hash, writes of one key are neighbours; hashes are compared first and
  /// key texts only when they are equal. Sequentially, the first duplicate found would be
  /// the earliest write whose key an earlier write has: that pair is the one refused.
  result<void> settle_duplicates() {
    std::vector<std::uint32_t> order(writes_.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::ranges::sort(order, [this](auto a, auto b) {
      return writes_[a].key_hash != writes_[b].key_hash ? writes_[a].key_hash < writes_[b].key_hash : a < b;
    });
    std::optional<std::pair<std::uint32_t, std::uint32_t>> refused;  // (earlier, later)
    for (std::size_t first = 0; first < order.size();) {
      std::size_t end = first + 1;
      while (end < order.size() && writes_[order[end]].key_hash == writes_[order[first]].key_hash) ++end;
      if (end - first > 1) settle_group({order.data() + first, end - first}, refused);
      first = end;
    }
    if (refused) {
      const auto [earlier, later] = *refused;
      return std::unexpected(error::validation(
          writes_field(later), writes_field(earlier) + " and " + writes_field(later) + " write the same key of table " +
                                   tables_[writes_[later].table] + " (set last_write_wins to keep the later one)"));
    }
    return {};
  }

  /// Writes with equal key hashes (in input order): those with equal keys are duplicates.
  void settle_group(std::span<const std::uint32_t> group, std::optional<std::pair<std::uint32_t, std::uint32_t>>& refused) {
    std::vector<std::string> keys;
    keys.reserve(group.size());
    for (auto i : group) keys.push_back(key_of(writes_[i]));
    for (std::size_t a = 0; a < group.size(); ++a) {
      for (std::size_t b = a + 1; b < group.size(); ++b) {
        if (keys[a] != keys[b]) continue;
        if (!options_.last_write_wins) {
          if (!refused || group[b] < refused->second) refused = std::pair{group[a], group[b]};
        } else if (!writes_[group[a]].superseded) {
          writes_[group[a]].superseded = true;  // group is in input order: b is later
          ++report_.superseded;
        }
        break;  // b is compared with the later ones in its own turn
      }
    }
  }

  std::size_t size_of(std::size_t i) const override { return writes_[i].size; }

  void send(std::vector<std::size_t> chunk, call_options call, std::shared_ptr<const attempt_count> count) override {
    std::vector<write_ref> writes;
    writes.reserve(chunk.size());
    std::vector<std::uint32_t> tables;
    std::size_t size = 0;
    for (auto i : chunk) {
      const auto& w = writes_[i];
      writes.push_back({.table = tables_[w.table], .is_put = w.is_put, .value = w.value});
      size += w.size;
      if (std::ranges::find(tables, w.table) == tables.end()) tables.push_back(w.table);
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
        client_, batch_write_body(writes, capacity, size), std::move(target), /*may_repeat=*/true, std::move(call),
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
    if (!out->unprocessed_items.empty()) unprocessed = unprocessed_writes(chunk, out->unprocessed_items);
    report_.written += chunk.size() - unprocessed.size();
    static const error left_unprocessed(error_code::throttled, "DynamoDB left the write unprocessed (UnprocessedItems)");
    answered(lock, chunk, count, unprocessed, left_unprocessed);
  }

  /// The writes of `chunk` (in its order) that `unprocessed` names, by their keys; what
  /// matches no write of the chunk is ignored.
  std::vector<std::size_t> unprocessed_writes(const std::vector<std::size_t>& chunk, const write_requests& unprocessed) {
    std::vector<std::pair<std::uint64_t, std::string>> left;  // (hash, key text)
    for (const auto& [table, writes] : unprocessed) {
      auto schema = schemas_.find(table);
      if (schema == schemas_.end()) continue;
      for (const auto& w : writes) {
        if (key_text_of(key_buffer_, table, schema->second, w.put_item() ? *w.put_item() : *w.delete_key())) {
          left.emplace_back(std::hash<std::string_view>{}(key_buffer_), key_buffer_);
        }
      }
    }
    std::vector<std::size_t> found;
    for (auto i : chunk) {
      const auto& w = writes_[i];
      const bool named = std::ranges::any_of(left, [&](const auto& k) { return k.first == w.key_hash && k.second == key_of(w); });
      if (named) found.push_back(i);
    }
    return found;
  }

  void give_up(std::size_t i, const error& why) override {
    const auto& w = writes_[i];
    report_.not_written.push_back(
        {.entry = {.table = tables_[w.table], .request = w.is_put ? write_request::put(*w.value) : write_request::remove(*w.value)},
         .reason = why});
  }

  void finish() override {
    complete_now<result<batch_write_report>>(std::move(*done_), std::move(report_));
  }

  key_schemas schemas_;
  batch_write_options options_;
  std::vector<std::string> tables_;
  std::uint32_t last_table_ = 0;
  std::vector<pending_write> writes_;
  std::deque<item> owned_;  ///< items given to keep (a deque: they never move)
  std::deque<std::vector<batch_write_entry>> owned_entries_;
  std::string key_buffer_;  ///< reused: add() runs for every write, on_answer under the lock
  batch_write_report report_;
  std::optional<handler> done_;
};

batch_write_builder::batch_write_builder(client& c, const key_schemas& schemas, const batch_write_options& options,
                                         std::size_t expected_writes)
    : client_(&c), job_(std::make_shared<write_job>(c, schemas, options, expected_writes)) {}

result<void> batch_write_builder::add(const std::string& table, bool is_put, const item& value) {
  return job_->add(table, is_put, value);
}

result<void> batch_write_builder::add(const std::string& table, bool is_put, item&& value) {
  return job_->add(table, is_put, std::move(value));
}

result<void> batch_write_builder::add_all(std::vector<batch_write_entry> entries) {
  return job_->add_all(std::move(entries));
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
  if (auto ok = batch.add_all(std::move(entries)); !ok) {
    return detail::complete_later<result<batch_write_report>>(c.get_executor(), std::move(handler),
                                                              std::unexpected(ok.error()));
  }
  batch.start(std::move(handler));
}

result<batch_write_report> write_batch(client& c, std::vector<batch_write_entry> entries, const key_schemas& schemas,
                                       const batch_write_options& options) {
  if (c.runs_on_own_thread()) return std::unexpected(client::blocking_on_own_thread());
  detail::batch_write_builder batch(c, schemas, options, entries.size());
  if (auto ok = batch.add_all(std::move(entries)); !ok) return std::unexpected(ok.error());
  return batch.run();
}

}  // namespace ddbkit

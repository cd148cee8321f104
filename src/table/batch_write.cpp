#include <ddbkit/client.hpp>
#include <ddbkit/table/batch_write.hpp>
#include <ddbkit/value/item_size.hpp>

#include "async/complete.hpp"
#include "model/validation.hpp"
#include "table/batch_scheduler.hpp"
#include "table/key_text.hpp"

#include <future>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace ddbkit {
namespace {

namespace asio = boost::asio;

// Room for the JSON around each write, on top of its item's size.
constexpr std::size_t overhead_per_write = 64;

std::string writes_field(std::size_t i) { return "Writes[" + std::to_string(i) + "]"; }

/// The key of entry `i` as text (for duplicates and matching), after checking the entry.
result<std::string> checked_key_text(const batch_write_entry& e, std::size_t i, const key_schemas& schemas,
                                     const batch_write_options& options) {
  auto schema = schemas.find(e.table);
  if (schema == schemas.end()) {
    return std::unexpected(error::validation(writes_field(i), "no key schema for table " + e.table));
  }
  if (const auto* put = e.request.put_item()) {
    // The field's name is built only for the error (this runs for every item).
    static const std::string unnamed;
    if (!detail::check_item(*put, unnamed)) {
      return std::unexpected(detail::check_item(*put, writes_field(i) + ".PutRequest.Item").error());
    }
    if (options.check_put) {
      if (auto ok = options.check_put(e.table, *put); !ok) return std::unexpected(ok.error());
    }
    auto k = schema->second.key_item_of(*put);
    if (!k) return std::unexpected(k.error());
    return detail::key_text(e.table, *k);
  }
  const auto& key = *e.request.delete_key();
  if (auto ok = detail::check_key(key, writes_field(i) + ".DeleteRequest.Key"); !ok) return std::unexpected(ok.error());
  auto k = schema->second.key_item_of(key);
  if (!k) return std::unexpected(k.error());
  if (k->size() != key.size()) {
    return std::unexpected(error::validation(writes_field(i) + ".DeleteRequest.Key",
                                             "holds attributes that are not the key of " + e.table));
  }
  return detail::key_text(e.table, *k);
}

/// One batch write in progress.
class write_job final : public detail::batch_scheduler {
 public:
  using handler = asio::any_completion_handler<void(result<batch_write_report>)>;

  write_job(client& c, const key_schemas& schemas, const batch_write_options& options)
      : batch_scheduler(c, options.retry.value_or(c.options().retry),
                        {.concurrency = options.concurrency,
                         .entries_per_request = 25,
                         .bytes_per_request = 16 * 1024 * 1024,
                         .attempt_timeout = options.attempt_timeout}),
        schemas_(schemas),
        options_(options) {}

  /// Checks and de-duplicates; an error refuses the whole batch.
  result<void> prepare(std::vector<batch_write_entry> entries) {
    std::vector<std::string> texts;
    texts.reserve(entries.size());  // never reallocated: first_of_key views its strings
    std::unordered_map<std::string_view, std::size_t> first_of_key;
    first_of_key.reserve(entries.size());
    std::vector<bool> superseded(entries.size(), false);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      auto text = checked_key_text(entries[i], i, schemas_, options_);
      if (!text) return std::unexpected(text.error());
      texts.push_back(std::move(*text));
      auto [at, inserted] = first_of_key.try_emplace(texts.back(), i);
      if (!inserted) {
        if (!options_.last_write_wins) {
          return std::unexpected(error::validation(
              writes_field(i), writes_field(at->second) + " and " + writes_field(i) + " write the same key of table " +
                                   entries[i].table + " (set last_write_wins to keep the later one)"));
        }
        superseded[at->second] = true;
        at->second = i;
      }
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (superseded[i]) {
        ++report_.superseded;
        continue;
      }
      const auto& request = entries[i].request;
      const std::size_t size = item_size(request.put_item() ? *request.put_item() : *request.delete_key());
      writes_.push_back({.entry = std::move(entries[i]), .key = std::move(texts[i]), .size = size + overhead_per_write});
    }
    add_ready(writes_.size());
    return {};
  }

  void run(handler done) {
    // emplace: Boost 1.81's any_completion_handler move assignment recurses without end.
    done_.emplace(std::move(done));
    start();
  }

 private:
  struct pending_write {
    batch_write_entry entry;
    std::string key;
    std::size_t size = 0;
  };

  std::size_t size_of(std::size_t i) const override { return writes_[i].size; }

  void send(std::vector<std::size_t> chunk, call_options call, std::shared_ptr<const detail::attempt_count> count) override {
    batch_write_item_input in;
    for (auto i : chunk) in.request_items[writes_[i].entry.table].push_back(writes_[i].entry.request);
    if (options_.consumed_capacity) in.return_consumed_capacity = return_consumed_capacity::total;
    client_.async_batch_write_item(
        std::move(in), std::move(call),
        [self = std::static_pointer_cast<write_job>(shared_from_this()), chunk = std::move(chunk), count = std::move(count)](
            result<batch_write_item_output> out) { self->on_answer(chunk, *count, std::move(out)); });
  }

  void on_answer(const std::vector<std::size_t>& chunk, const detail::attempt_count& count, result<batch_write_item_output> out) {
    std::unique_lock lock(mutex_);
    report_.requests += count.requests();
    if (!out) return answered(lock, chunk, count, chunk, out.error());
    for (const auto& used : out->consumed_capacity) {
      if (used.capacity_units) report_.capacity_units[used.table_name] += *used.capacity_units;
    }
    std::vector<std::size_t> unprocessed;
    if (!out->unprocessed_items.empty()) {
      auto left = unprocessed_keys(out->unprocessed_items);
      for (auto i : chunk) {
        if (left.contains(writes_[i].key)) unprocessed.push_back(i);
      }
    }
    report_.written += chunk.size() - unprocessed.size();
    static const error left_unprocessed(error_code::throttled, "DynamoDB left the write unprocessed (UnprocessedItems)");
    answered(lock, chunk, count, unprocessed, left_unprocessed);
  }

  std::unordered_set<std::string> unprocessed_keys(const write_requests& unprocessed) const {
    std::unordered_set<std::string> keys;
    for (const auto& [table, writes] : unprocessed) {
      auto schema = schemas_.find(table);
      if (schema == schemas_.end()) continue;
      for (const auto& w : writes) {
        if (auto k = schema->second.key_item_of(w.put_item() ? *w.put_item() : *w.delete_key())) {
          keys.insert(detail::key_text(table, *k));
        }
      }
    }
    return keys;
  }

  void give_up(std::size_t i, const error& why) override {
    report_.not_written.push_back({.entry = writes_[i].entry, .reason = why});
  }

  void finish() override {
    detail::complete_now<result<batch_write_report>>(std::move(*done_), std::move(report_));
  }

  key_schemas schemas_;
  batch_write_options options_;
  std::vector<pending_write> writes_;
  batch_write_report report_;
  std::optional<handler> done_;
};

}  // namespace

void async_write_batch(client& c, std::vector<batch_write_entry> entries, const key_schemas& schemas,
                       const batch_write_options& options,
                       asio::any_completion_handler<void(result<batch_write_report>)> handler) {
  auto job = std::make_shared<write_job>(c, schemas, options);
  if (auto ok = job->prepare(std::move(entries)); !ok) {
    return detail::complete_later<result<batch_write_report>>(c.get_executor(), std::move(handler),
                                                              std::unexpected(ok.error()));
  }
  job->run(std::move(handler));
}

result<batch_write_report> write_batch(client& c, std::vector<batch_write_entry> entries, const key_schemas& schemas,
                                       const batch_write_options& options) {
  if (c.runs_on_own_thread()) return std::unexpected(client::blocking_on_own_thread());
  std::promise<result<batch_write_report>> promise;
  auto answer = promise.get_future();
  async_write_batch(c, std::move(entries), schemas, options,
                    [&promise](result<batch_write_report> r) { promise.set_value(std::move(r)); });
  return answer.get();
}

}  // namespace ddbkit

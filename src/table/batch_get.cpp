#include <ddbkit/client.hpp>
#include <ddbkit/expr/expression_context.hpp>
#include <ddbkit/table/batch_get.hpp>

#include "async/complete.hpp"
#include "table/batch_scheduler.hpp"
#include "table/key_text.hpp"
#include "table/projection_keys.hpp"

#include <future>
#include <unordered_map>

namespace ddbkit {
namespace {

namespace asio = boost::asio;

/// One batch read in progress. Entries are the distinct keys; `answers_` maps them back to
/// the caller's positions.
class get_job final : public detail::batch_scheduler {
 public:
  using handler = asio::any_completion_handler<void(result<batch_get_result<item>>)>;

  get_job(client& c, std::string table, key_schema schema, const batch_get_options& options)
      : batch_scheduler(c, options.retry.value_or(c.options().retry),
                        {.concurrency = options.concurrency,
                         .entries_per_request = 100,
                         .bytes_per_request = 16 * 1024 * 1024,
                         .attempt_timeout = options.attempt_timeout}),
        table_(std::move(table)),
        schema_(std::move(schema)),
        options_(options) {}

  result<void> prepare(std::vector<key> keys) {
    auto projection = options_.projection;
    detail::add_key_attributes(projection, schema_);
    if (!projection.empty()) {
      expr::expression_context ctx;
      auto rendered = ctx.projection_expression(projection);
      if (!rendered) return std::unexpected(rendered.error());
      projection_ = std::move(*rendered);
      names_ = ctx.names();
    }
    index_of_.reserve(keys.size());
    position_of_.reserve(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
      auto as_item = schema_.to_item(keys[i]);
      if (!as_item) {
        return std::unexpected(error::validation("Keys[" + std::to_string(i) + "]", std::string(as_item.error().message())));
      }
      auto [at, inserted] = index_of_.try_emplace(detail::key_text(table_, *as_item), reads_.size());
      if (inserted) reads_.push_back({.key = std::move(*as_item), .found = std::nullopt});
      position_of_.push_back(at->second);
    }
    keys_ = std::move(keys);
    failed_.assign(reads_.size(), std::nullopt);
    add_ready(reads_.size());
    return {};
  }

  void run(handler done) {
    // emplace: Boost 1.81's any_completion_handler move assignment recurses without end.
    done_.emplace(std::move(done));
    start();
  }

 private:
  struct pending_read {
    item key;
    std::optional<item> found;
  };

  std::size_t size_of(std::size_t) const override { return 0; }

  void send(std::vector<std::size_t> chunk, call_options call, std::shared_ptr<const detail::attempt_count> count) override {
    keys_and_attributes wanted{.keys = {}, .consistent_read = options_.consistent_read,
                               .projection_expression = projection_, .expression_attribute_names = names_};
    wanted.keys.reserve(chunk.size());
    for (auto i : chunk) wanted.keys.push_back(reads_[i].key);
    batch_get_item_input in;
    in.request_items.emplace(table_, std::move(wanted));
    if (options_.consumed_capacity) in.return_consumed_capacity = return_consumed_capacity::total;
    client_.async_batch_get_item(
        std::move(in), std::move(call),
        [self = std::static_pointer_cast<get_job>(shared_from_this()), chunk = std::move(chunk), count = std::move(count)](
            result<batch_get_item_output> out) { self->on_answer(chunk, *count, std::move(out)); });
  }

  void on_answer(const std::vector<std::size_t>& chunk, const detail::attempt_count& count, result<batch_get_item_output> out) {
    std::unique_lock lock(mutex_);
    requests_ += count.requests();
    if (!out) return answered(lock, chunk, count, chunk, out.error());
    for (const auto& used : out->consumed_capacity) {
      if (used.capacity_units) capacity_units_ += *used.capacity_units;
    }
    // Each answer's key text is written straight from it into one reused buffer (no key
    // item built on the way).
    std::string key;
    if (auto answers = out->responses.find(table_); answers != out->responses.end()) {
      for (auto& found : answers->second) {
        if (!detail::key_text_of(key, table_, schema_, found)) continue;  // not an answer to a key of ours
        if (auto at = index_of_.find(key); at != index_of_.end()) reads_[at->second].found = std::move(found);
      }
    }
    std::vector<std::size_t> unprocessed;
    if (auto left = out->unprocessed_keys.find(table_); left != out->unprocessed_keys.end()) {
      for (const auto& k : left->second.keys) {
        if (!detail::key_text_of(key, table_, schema_, k)) continue;
        if (auto at = index_of_.find(key); at != index_of_.end()) unprocessed.push_back(at->second);
      }
    }
    static const error left_unprocessed(error_code::throttled, "DynamoDB left the key unprocessed (UnprocessedKeys)");
    answered(lock, chunk, count, unprocessed, left_unprocessed);
  }

  void give_up(std::size_t i, const error& why) override { failed_[i] = why; }

  void finish() override {
    batch_get_result<item> out;
    out.requests = requests_;
    out.capacity_units = capacity_units_;
    out.items.reserve(keys_.size());
    // A distinct key's item is copied to every position that asked for it but the last,
    // which takes it.
    std::vector<std::size_t> last_position(reads_.size(), 0);
    for (std::size_t i = 0; i < keys_.size(); ++i) last_position[position_of_[i]] = i;
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      const auto distinct = position_of_[i];
      if (failed_[distinct]) {
        out.items.emplace_back();
        out.not_read.push_back({.index = i, .key = keys_[i], .reason = *failed_[distinct]});
      } else if (last_position[distinct] == i) {
        out.items.push_back(std::move(reads_[distinct].found));
      } else {
        out.items.push_back(reads_[distinct].found);
      }
    }
    detail::complete_now<result<batch_get_result<item>>>(std::move(*done_), std::move(out));
  }

  std::string table_;
  key_schema schema_;
  batch_get_options options_;
  std::optional<std::string> projection_;
  expression_names names_;
  std::vector<key> keys_;
  std::vector<std::size_t> position_of_;  // caller position → distinct read
  std::vector<pending_read> reads_;
  std::unordered_map<std::string, std::size_t> index_of_;  // key text → distinct read
  std::vector<std::optional<error>> failed_;
  std::int64_t requests_ = 0;
  double capacity_units_ = 0;
  std::optional<handler> done_;
};

}  // namespace

void async_get_batch(client& c, const std::string& table, const key_schema& schema, std::vector<key> keys,
                     const batch_get_options& options,
                     asio::any_completion_handler<void(result<batch_get_result<item>>)> handler) {
  auto job = std::make_shared<get_job>(c, table, schema, options);
  if (auto ok = job->prepare(std::move(keys)); !ok) {
    return detail::complete_later<result<batch_get_result<item>>>(c.get_executor(), std::move(handler),
                                                                  std::unexpected(ok.error()));
  }
  job->run(std::move(handler));
}

result<batch_get_result<item>> get_batch(client& c, const std::string& table, const key_schema& schema,
                                         std::vector<key> keys, const batch_get_options& options) {
  if (c.runs_on_own_thread()) return std::unexpected(client::blocking_on_own_thread());
  std::promise<result<batch_get_result<item>>> promise;
  auto answer = promise.get_future();
  async_get_batch(c, table, schema, std::move(keys), options,
                  [&promise](result<batch_get_result<item>> r) { promise.set_value(std::move(r)); });
  return answer.get();
}

}  // namespace ddbkit

#pragma once
// Write sharding: sharded_table<T> spreads one logical partition key over N physical ones
// ("base#SHARD#n") so that a hot key's writes land on N partitions, and reads them back.
#include <ddbkit/table/table.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ddbkit {

/// How a logical partition key and a shard number make the key stored in the table:
/// `base + separator + n`, n in [0, shard_count). The default is "base#SHARD#n".
struct shard_format {
  int shard_count = 10;
  std::string separator = "#SHARD#";

  /// The stored key of shard `shard` of `base`: "orders#SHARD#3".
  std::string key(std::string_view base, int shard) const;
  /// (base, shard) of a stored key that key() wrote; nullopt for any other text (no
  /// separator, or a shard that is not a plain decimal number below shard_count). The base
  /// may contain the separator itself: the last one counts.
  std::optional<std::pair<std::string, int>> parse(std::string_view stored) const;
  /// `validation` error unless shard_count is 1..100,000 and the separator is not empty.
  result<void> validate() const;
};

/// The calculated shard of `value`, in [0, shard_count): the 64-bit FNV-1a hash of its
/// bytes modulo shard_count, where the bytes are a S's UTF-8 text, a N's canonical decimal
/// text (so 1.50 and 1.5 agree) and a B's raw bytes. A fixed function of the value alone:
/// the same on every platform, compiler and ddbkit version (the tests pin its values).
/// `validation` error for any other type, or a shard_count below 1.
result<int> calculated_shard(const attribute_value& value, int shard_count);

/// How a put picks its shard.
enum class shard_choice {
  /// At random: spreads writes best, but an item can then only be found by reading every
  /// shard (query), never with one GetItem.
  random,
  /// From the value of `sharding_options::shard_attribute` (calculated_shard): a reader
  /// who knows that value finds the item with one GetItem.
  calculated,
};

struct sharding_options {
  shard_format format;
  shard_choice choice = shard_choice::calculated;
  /// The attribute whose value picks the shard (calculated choice): often the sort key,
  /// else any attribute every item has as S, N or B, which get() then needs to be told.
  std::string shard_attribute;
  /// Shards a scatter-gather query reads at once (at least 1).
  std::size_t concurrency = 8;
  /// Uniform in [0, 1) for the random choice; empty for a generator of the thread's own.
  std::function<double()> random;
};

namespace detail {

/// A k-way merge of one Query per shard, in sort key order, read page by page as it is
/// consumed: a shard's next page is fetched only when the merge needs its next item, and
/// at most `concurrency` shards are fetched at once. Each item's partition attribute is
/// given back its logical value.
class shard_merge {
 public:
  struct settings {
    std::string partition_attribute;
    std::string base;
    /// The sort key of what is read (table or index); empty: the shards come one after
    /// another, as there is no order to keep.
    std::optional<std::string> sort_attribute;
    bool descending = false;
    std::size_t concurrency = 8;
    std::optional<std::size_t> limit;
  };
  shard_merge(std::vector<reader<item>> shards, settings s);

  /// The next item in order; nullopt at the end (or once `limit` items were handed out).
  /// A failed page fetch is returned and nothing is lost: calling again retries it.
  result<std::optional<item>> next();

 private:
  struct shard {
    reader<item> pages;
    std::deque<item> buffered;
    bool done = false;
  };
  /// Fetches a page for every shard that has nothing buffered and is not done.
  result<void> fill();
  std::vector<shard> shards_;
  settings settings_;
  std::size_t handed_out_ = 0;
};

/// The order of two sort key values as DynamoDB orders them: S and B by their bytes
/// (unsigned), N numerically; values of different types by type.
std::strong_ordering compare_key_values(const attribute_value& a, const attribute_value& b);

/// Uniform shard in [0, shard_count) from `random` (or a generator of the thread's own).
int random_shard(const std::function<double()>& random, int shard_count);

}  // namespace detail

/// The items of one logical partition read from all its shards, merged in sort key order
/// (descending when the query asked so): a blocking input stream. Nothing is read before
/// the first next(); a limit (read_options::limit) stops the reading.
template <table_item T>
class sharded_reader {
 public:
  explicit sharded_reader(std::shared_ptr<detail::shard_merge> merge) : merge_(std::move(merge)) {}
  /// A reader that fails at its first read with `e` (input refused before sending).
  explicit sharded_reader(error e) : refused_(std::move(e)) {}

  /// The next item; nullopt at the end.
  result<std::optional<T>> next() {
    if (refused_) return std::unexpected(*refused_);
    auto raw = merge_->next();
    if (!raw) return std::unexpected(std::move(raw.error()));
    return detail::maybe_value_of<T>(std::move(*raw));
  }

  /// Up to `n` more items.
  result<std::vector<T>> collect(std::size_t n = std::numeric_limits<std::size_t>::max()) {
    std::vector<T> out;
    while (out.size() < n) {
      auto one = next();
      if (!one) return std::unexpected(std::move(one.error()));
      if (!*one) break;
      out.push_back(std::move(**one));
    }
    return out;
  }

  /// The items, one by one (a blocking input range); owning on a temporary.
  auto items() & { return detail::result_range<T, detail::member_step<sharded_reader, &sharded_reader::next>>({this}); }
  auto items() && {
    return detail::result_range<T, detail::owning_step<sharded_reader, &sharded_reader::next>>({std::move(*this)});
  }

 private:
  std::shared_ptr<detail::shard_merge> merge_;
  std::optional<error> refused_;
};

/// A table whose partition key is sharded: T holds the logical partition key (a S), the
/// table stores `format.key(base, shard)`, and reads give T its logical key back.
///
/// put() picks the shard at random or calculates it from `shard_attribute`; get() and
/// remove() (calculated choice) find the one shard an item is in; query() reads every
/// shard, `concurrency` at a time, merged in sort key order as one stream.
/// Errors: those of table<T>; `validation` before sending for a partition value that is
/// not a S, a missing or unusable shard attribute, get() with the random choice, a cursor
/// to resume (a merged read has none).
/// Thread safety: as table<T> (const members concurrently); a reader is used by one thread.
template <table_item T>
class sharded_table {
 public:
  sharded_table(table<T> t, sharding_options options)
      : table_(std::move(t)), items_(table_.get_client(), table_.name(), table_.schema()), options_(std::move(options)) {}

  const table<T>& typed() const noexcept { return table_; }
  const sharding_options& options() const noexcept { return options_; }

  /// `validation` error when the options cannot work: a bad format, the calculated choice
  /// without a shard attribute, or a concurrency of 0. Every operation checks it first.
  result<void> validate() const {
    if (auto ok = options_.format.validate(); !ok) return ok;
    if (options_.choice == shard_choice::calculated && options_.shard_attribute.empty()) {
      return std::unexpected(error::validation("shard_attribute", "the calculated shard choice needs an attribute"));
    }
    if (options_.concurrency == 0) return std::unexpected(error::validation("concurrency", "must be at least 1"));
    return {};
  }

  /// PutItem of `value` into its shard; returns the shard it went to.
  result<int> put(const T& value, const write_options& opts = {}) const {
    auto stored = stored_item(value);
    if (!stored) return std::unexpected(stored.error());
    if (auto done = items_.put(stored->first, opts); !done) return std::unexpected(done.error());
    return stored->second;
  }

  /// GetItem of the logical key `k` (calculated choice, shard attribute = the sort key).
  result<std::optional<T>> get(const key& k, const get_options& opts = {}) const {
    auto by = shard_value_of_key(k);
    if (!by) return std::unexpected(by.error());
    return get(k, *by, opts);
  }
  /// GetItem of `k`, whose shard attribute has the value `shard_value`.
  result<std::optional<T>> get(const key& k, const attribute_value& shard_value, const get_options& opts = {}) const {
    auto stored = stored_key(k, shard_value);
    if (!stored) return std::unexpected(stored.error());
    auto got = items_.get(*stored, opts);
    if (!got) return std::unexpected(got.error());
    if (*got) restore(**got);
    return detail::maybe_value_of<T>(std::move(*got));
  }

  /// DeleteItem of the logical key `k` (as get()).
  result<void> remove(const key& k, const write_options& opts = {}) const {
    auto by = shard_value_of_key(k);
    if (!by) return std::unexpected(by.error());
    return remove(k, *by, opts);
  }
  result<void> remove(const key& k, const attribute_value& shard_value, const write_options& opts = {}) const {
    auto stored = stored_key(k, shard_value);
    if (!stored) return std::unexpected(stored.error());
    return items_.remove(*stored, opts);
  }

  /// Every item of logical partition `base` in all shards, merged in sort key order.
  /// `request` may add a sort key condition (key_condition holds only that: the partition
  /// is each shard's), a filter, a projection, an index whose partition key is the
  /// sharded one, descending, page_size; `options.limit` stops the reading.
  sharded_reader<T> query(std::string base, query_request request = {}, read_options options = {}) const {
    if (auto ok = validate(); !ok) return sharded_reader<T>(ok.error());
    if (options.resume) {
      return sharded_reader<T>(error::validation("resume", "a read merged from shards has no cursor to resume"));
    }
    const key_schema& keys = keys_of(request.index);
    std::vector<reader<item>> shards;
    shards.reserve(static_cast<std::size_t>(options_.format.shard_count));
    for (int shard = 0; shard < options_.format.shard_count; ++shard) {
      query_request one = request;
      one.key_condition = expr::key_attribute(keys.partition) == options_.format.key(base, shard) && request.key_condition;
      shards.push_back(items_.query(std::move(one), {.limit = options.limit, .resume = {}, .prefetch = options.prefetch}));
    }
    return sharded_reader<T>(std::make_shared<detail::shard_merge>(
        std::move(shards), detail::shard_merge::settings{.partition_attribute = keys.partition,
                                                         .base = std::move(base),
                                                         .sort_attribute = keys.sort,
                                                         .descending = request.descending,
                                                         .concurrency = options_.concurrency,
                                                         .limit = options.limit}));
  }

 private:
  const key_schema& keys_of(const std::string& index) const {
    const auto* described = index.empty() ? nullptr : table_.schema().index(index);
    return described != nullptr ? described->keys : table_.schema().keys;
  }

  /// The item as stored, and its shard.
  result<std::pair<item, int>> stored_item(const T& value) const {
    if (auto ok = validate(); !ok) return std::unexpected(ok.error());
    auto as_item = detail::item_of(value);
    if (!as_item) return std::unexpected(as_item.error());
    const std::string& partition = table_.schema().keys.partition;
    auto base = base_of(*as_item, partition);
    if (!base) return std::unexpected(base.error());
    int shard = 0;
    if (options_.choice == shard_choice::random) {
      shard = detail::random_shard(options_.random, options_.format.shard_count);
    } else {
      auto by = as_item->find(options_.shard_attribute);
      if (by == as_item->end()) {
        return std::unexpected(error::validation(options_.shard_attribute, "the shard attribute is missing"));
      }
      auto calculated = calculated_shard(by->second, options_.format.shard_count);
      if (!calculated) return std::unexpected(calculated.error());
      shard = *calculated;
    }
    (*as_item)[partition] = options_.format.key(*base, shard);
    return std::pair<item, int>(std::move(*as_item), shard);
  }

  static result<std::string> base_of(const item& i, const std::string& partition) {
    auto it = i.find(partition);
    if (it == i.end() || it->second.as_s() == nullptr) {
      return std::unexpected(error::validation(partition, "a sharded partition key must be a S"));
    }
    return *it->second.as_s();
  }

  result<attribute_value> shard_value_of_key(const key& k) const {
    if (options_.choice == shard_choice::calculated && table_.schema().keys.sort == options_.shard_attribute && k.sort) {
      return *k.sort;
    }
    if (options_.choice == shard_choice::random) return random_choice_refused();
    return std::unexpected(error::validation(
        options_.shard_attribute, "the shard attribute is not the sort key: pass its value to get()/remove()"));
  }

  static std::unexpected<error> random_choice_refused() {
    return std::unexpected(error::validation(
        "choice", "an item sharded at random cannot be read with one GetItem: query every shard, or use the calculated choice"));
  }

  /// The stored key of logical key `k`.
  result<key> stored_key(const key& k, const attribute_value& shard_value) const {
    if (auto ok = validate(); !ok) return std::unexpected(ok.error());
    if (options_.choice == shard_choice::random) return random_choice_refused();
    const std::string* base = k.partition.as_s();
    if (base == nullptr) {
      return std::unexpected(error::validation(table_.schema().keys.partition, "a sharded partition key must be a S"));
    }
    auto shard = calculated_shard(shard_value, options_.format.shard_count);
    if (!shard) return std::unexpected(shard.error());
    return key{.partition = options_.format.key(*base, *shard), .sort = k.sort};
  }

  /// Gives a stored item its logical partition key back.
  void restore(item& i) const {
    auto it = i.find(table_.schema().keys.partition);
    if (it == i.end() || it->second.as_s() == nullptr) return;
    if (auto parsed = options_.format.parse(*it->second.as_s())) it->second = std::move(parsed->first);
  }

  table<T> table_;
  table<item> items_;  // the same table, for the stored (sharded) form of items
  sharding_options options_;
};

}  // namespace ddbkit

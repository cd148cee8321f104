#include <ddbkit/table/sharded.hpp>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <random>

namespace ddbkit {

namespace {

constexpr int max_shards = 100'000;

/// 64-bit FNV-1a: tiny, endian-free (byte at a time) and fully specified, so a shard
/// number computed today is the same everywhere, forever.
std::uint64_t fnv1a64(std::span<const std::uint8_t> data) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (std::uint8_t b : data) {
    h ^= b;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

std::string shard_format::key(std::string_view base, int shard) const {
  std::string out;
  out.reserve(base.size() + separator.size() + 6);
  out.append(base).append(separator).append(std::to_string(shard));
  return out;
}

std::optional<std::pair<std::string, int>> shard_format::parse(std::string_view stored) const {
  if (separator.empty()) return std::nullopt;
  const auto at = stored.rfind(separator);
  if (at == std::string_view::npos) return std::nullopt;
  const auto digits = stored.substr(at + separator.size());
  // Only what key() writes: decimal digits, no sign, no leading zero (but "0").
  if (digits.empty() || (digits.size() > 1 && digits.front() == '0')) return std::nullopt;
  int shard = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), shard);
  if (ec != std::errc() || end != digits.data() + digits.size() || shard < 0 || shard >= shard_count) {
    return std::nullopt;
  }
  return std::pair<std::string, int>(std::string(stored.substr(0, at)), shard);
}

result<void> shard_format::validate() const {
  if (shard_count < 1 || shard_count > max_shards) {
    return std::unexpected(error::validation("shard_count", "must be 1.." + std::to_string(max_shards) + ", not " +
                                                                std::to_string(shard_count)));
  }
  if (separator.empty()) return std::unexpected(error::validation("separator", "must not be empty"));
  return {};
}

result<int> calculated_shard(const attribute_value& value, int shard_count) {
  if (shard_count < 1) return std::unexpected(error::validation("shard_count", "must be at least 1"));
  std::uint64_t h = 0;
  if (const auto* s = value.as_s()) {
    h = fnv1a64(bytes_of(*s));
  } else if (const auto* n = value.as_n()) {
    h = fnv1a64(bytes_of(n->canonical()));
  } else if (const auto* b = value.as_b()) {
    h = fnv1a64(*b);
  } else {
    return std::unexpected(error::validation(
        "shard_attribute", "a shard is calculated from a S, N or B, not a " + std::string(to_string(value.type()))));
  }
  return static_cast<int>(h % static_cast<std::uint64_t>(shard_count));
}

namespace detail {

std::strong_ordering compare_key_values(const attribute_value& a, const attribute_value& b) {
  if (a.type() != b.type()) return a.type() <=> b.type();
  if (const auto* s = a.as_s()) return s->compare(*b.as_s()) <=> 0;  // char_traits<char>: unsigned bytes
  if (const auto* n = a.as_n()) return *n <=> *b.as_n();
  if (const auto* x = a.as_b()) {
    const auto* y = b.as_b();
    return std::lexicographical_compare_three_way(x->begin(), x->end(), y->begin(), y->end());
  }
  return std::strong_ordering::equal;  // not a key type: no order to keep
}

int random_shard(const std::function<double()>& random, int shard_count) {
  double u = 0;
  if (random) {
    u = random();
  } else {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    u = std::uniform_real_distribution<double>(0.0, 1.0)(generator);
  }
  const int shard = static_cast<int>(u * shard_count);
  return std::clamp(shard, 0, shard_count - 1);
}

shard_merge::shard_merge(std::vector<reader<item>> shards, settings s) : settings_(std::move(s)) {
  settings_.concurrency = std::max<std::size_t>(settings_.concurrency, 1);
  shards_.reserve(shards.size());
  for (auto& r : shards) shards_.push_back(shard{.pages = std::move(r), .buffered = {}, .done = false});
}

result<void> shard_merge::fill() {
  struct arrivals {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::pair<std::size_t, result<std::optional<page<item>>>>> pages;
  };
  for (;;) {
    std::vector<std::size_t> wanted;
    for (std::size_t i = 0; i < shards_.size(); ++i) {
      if (!shards_[i].done && shards_[i].buffered.empty()) wanted.push_back(i);
    }
    if (wanted.empty()) return {};

    auto box = std::make_shared<arrivals>();
    std::size_t launched = 0;
    std::size_t in_flight = 0;
    std::optional<error> failed;
    auto launch_more = [&] {
      while (!failed && launched < wanted.size() && in_flight < settings_.concurrency) {
        const std::size_t i = wanted[launched++];
        ++in_flight;
        shards_[i].pages.async_next_page([box, i](result<std::optional<page<item>>> p) {
          std::lock_guard lock(box->mutex);
          box->pages.emplace_back(i, std::move(p));
          box->changed.notify_one();
        });
      }
    };
    launch_more();
    while (in_flight > 0) {
      std::vector<std::pair<std::size_t, result<std::optional<page<item>>>>> got;
      {
        std::unique_lock lock(box->mutex);
        box->changed.wait(lock, [&] { return !box->pages.empty(); });
        got.swap(box->pages);
      }
      for (auto& [i, p] : got) {
        --in_flight;
        if (!p) {
          if (!failed) failed = std::move(p.error());  // the shard's reader keeps its place: a retry re-reads it
        } else if (!*p) {
          shards_[i].done = true;
        } else {
          for (auto& it : (*p)->items) shards_[i].buffered.push_back(std::move(it));
        }
      }
      launch_more();
    }
    if (failed) return std::unexpected(std::move(*failed));
    // A page the filter emptied leaves its shard wanted: go round again.
  }
}

result<std::optional<item>> shard_merge::next() {
  if (settings_.limit && handed_out_ >= *settings_.limit) return std::optional<item>();
  if (auto filled = fill(); !filled) return std::unexpected(std::move(filled.error()));

  shard* best = nullptr;
  for (auto& s : shards_) {
    if (s.buffered.empty()) continue;
    if (best == nullptr) {
      best = &s;
      if (!settings_.sort_attribute) break;  // no order: drain the shards one by one
      continue;
    }
    const auto& a = s.buffered.front();
    const auto& b = best->buffered.front();
    auto x = a.find(*settings_.sort_attribute);
    auto y = b.find(*settings_.sort_attribute);
    if (x == a.end() || y == b.end()) continue;
    const auto order = compare_key_values(x->second, y->second);
    if (settings_.descending ? order > 0 : order < 0) best = &s;  // ties: the lower shard first
  }
  if (best == nullptr) return std::optional<item>();

  item out = std::move(best->buffered.front());
  best->buffered.pop_front();
  ++handed_out_;
  if (auto it = out.find(settings_.partition_attribute); it != out.end()) it->second = settings_.base;
  return std::optional<item>(std::move(out));
}

}  // namespace detail
}  // namespace ddbkit

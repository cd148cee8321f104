#pragma once
// Optimistic locking: versioned_table<T> keeps a version number in every item and writes
// only over the version it read.
#include <ddbkit/table/transaction.hpp>

#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>

namespace ddbkit {

/// How update_with_retry waits between attempts: full jitter, random(0, min(max_delay,
/// base_delay * 2^(n-1))) before the n-th retry.
struct version_retry_options {
  std::chrono::milliseconds base_delay{5};
  std::chrono::milliseconds max_delay{200};
  /// Waits; empty for std::this_thread::sleep_for. Tests inject one.
  std::function<void(std::chrono::milliseconds)> sleep;
  /// Uniform in [0, 1); empty for a generator of the thread's own.
  std::function<double()> random;
};

/// An item and the version it has in the table.
template <class T>
struct versioned_value {
  T value;
  std::int64_t version = 0;
};

namespace detail {
/// The version attribute's value in `i`: 0 when absent; a `serialization` error when it is
/// not an integer N.
result<std::int64_t> version_in(const item& i, std::string_view attribute);
/// `attribute` equals `expected`; for 0, is absent or 0.
expr::condition version_is(std::string_view attribute, std::int64_t expected);
/// `value` with `attribute` set to `version`.
item with_version(item value, std::string_view attribute, std::int64_t version);
/// The wait before retry `retry` (1, 2, …).
std::chrono::milliseconds version_backoff(const version_retry_options& options, int retry);
/// A version must be 0 (absent) or more; a `validation` error otherwise.
result<void> check_expected_version(std::int64_t expected);
}  // namespace detail

/// A table whose items carry a version number (attribute `version_attribute`, an N): every
/// write says which version it expects and fails with `conditional_check_failed` when the
/// item has another, so concurrent read-modify-writes never lose an update. Version 0 means
/// no item, or one written before versioning (without the attribute, or with T's version
/// member still 0): a put expecting 0 creates or takes such an item over. Every write
/// returns the version it wrote (expected + 1).
///
/// Errors: those of table<T>; `conditional_check_failed` on a version conflict (with the
/// item as it is in error::old_item()); `item_not_found` from update_with_retry.
/// Thread safety: as table<T> (const members concurrently).
template <table_item T>
class versioned_table {
 public:
  /// `version_attribute` defaults to T::version_attribute when T declares one, else "version".
  explicit versioned_table(table<T> t, std::string version_attribute = default_attribute())
      : typed_(std::move(t)),
        items_(typed_.get_client(), typed_.name(), typed_.schema()),
        attribute_(std::move(version_attribute)) {}

  const std::string& version_attribute() const noexcept { return attribute_; }
  const table<T>& typed() const noexcept { return typed_; }

  /// The item and its version, strongly consistent by default; empty when there is none.
  result<std::optional<versioned_value<T>>> get(const key& k, get_options options = {.consistent_read = true}) const {
    auto got = items_.get(k, options);
    if (!got) return std::unexpected(got.error());
    if (!*got) return std::optional<versioned_value<T>>();
    return versioned_of(std::move(**got));
  }

  /// Writes `value` over version `expected` (0: the item must not exist) and returns
  /// expected + 1, the version now stored. `options.condition` joins the version's.
  result<std::int64_t> put(const T& value, std::int64_t expected, write_options options = {}) const {
    auto as_item = versioned_item(value, expected);
    if (!as_item) return std::unexpected(as_item.error());
    if (auto put = put_item(*as_item, expected, std::move(options)); !put) return std::unexpected(put.error());
    return expected + 1;
  }

  /// Applies `change` to the item at version `expected` (≥ 1: it must exist) and sets its
  /// version to expected + 1, which it returns.
  result<std::int64_t> update(const key& k, const expr::update& change, std::int64_t expected,
                              update_options options = {}) const {
    auto next = versioned_change(change, expected, options.condition);
    if (!next) return std::unexpected(next.error());
    options.old_item_on_condition_failure = true;
    options.returns = returned::nothing;
    if (auto updated = items_.update(k, *next, options); !updated) return std::unexpected(updated.error());
    return expected + 1;
  }

  /// Deletes the item at version `expected`.
  result<void> remove(const key& k, std::int64_t expected, write_options options = {}) const {
    if (auto ok = detail::check_expected_version(expected); !ok) return ok;
    options.condition = at_version(std::move(options.condition), expected);
    options.old_item_on_condition_failure = true;
    return items_.remove(k, options);
  }

  // The same writes as actions of a transaction (each returns the version it will write).

  result<std::int64_t> put(write_transaction& tx, const T& value, std::int64_t expected, write_options options = {}) const {
    auto as_item = versioned_item(value, expected);
    if (!as_item) return std::unexpected(as_item.error());
    options.condition = at_version(std::move(options.condition), expected);
    tx.put(items_, *as_item, options);
    return expected + 1;
  }
  result<std::int64_t> update(write_transaction& tx, const key& k, const expr::update& change, std::int64_t expected,
                              update_options options = {}) const {
    auto next = versioned_change(change, expected, options.condition);
    if (!next) return std::unexpected(next.error());
    tx.update(items_, k, *next, options);
    return expected + 1;
  }
  result<void> remove(write_transaction& tx, const key& k, std::int64_t expected, write_options options = {}) const {
    if (auto ok = detail::check_expected_version(expected); !ok) return ok;
    options.condition = at_version(std::move(options.condition), expected);
    tx.remove(items_, k, options);
    return {};
  }

  /// Read-modify-write under the version: reads the item strongly consistent, calls
  /// `fn(T&)` (returning nothing, or result<void> to give up with its error), and puts the
  /// result over the version read; on a version conflict it waits (full jitter) and starts
  /// again, at most `max_retries` times. Returns the value written and its version.
  /// Errors: `item_not_found` when there is no item (`fn` is not called); the last
  /// `conditional_check_failed` when every retry met a newer version; `fn`'s error; those
  /// of the reads and writes.
  template <class Fn>
  result<versioned_value<T>> update_with_retry(const key& k, Fn fn, int max_retries = 10,
                                               const version_retry_options& retry = {}) const {
    for (int attempt = 0;; ++attempt) {
      auto current = get(k);
      if (!current) return std::unexpected(current.error());
      if (!*current) return fail(error_code::item_not_found, "update_with_retry: no item with this key in " + typed_.name());
      T value = std::move((*current)->value);
      if constexpr (std::same_as<std::invoke_result_t<Fn&, T&>, void>) {
        fn(value);
      } else {
        if (auto ok = fn(value); !ok) return std::unexpected(std::move(ok.error()));
      }
      const std::int64_t expected = (*current)->version;
      auto next = versioned_item(value, expected);
      if (!next) return std::unexpected(next.error());
      auto written = put_item(*next, expected, {});
      if (written) {
        // Read back from what was written, so that a version member of T is the new one.
        auto stored = detail::value_of<T>(std::move(*next));
        if (!stored) return std::unexpected(stored.error());
        return versioned_value<T>{std::move(*stored), expected + 1};
      }
      if (written.error().code() != error_code::conditional_check_failed || attempt >= max_retries) {
        return std::unexpected(std::move(written.error()));
      }
      const auto wait = detail::version_backoff(retry, attempt + 1);
      if (retry.sleep) {
        retry.sleep(wait);
      } else {
        std::this_thread::sleep_for(wait);
      }
    }
  }

  /// Batch writes cannot check versions: refused (`validation`) for items that carry the
  /// version attribute, unless options.unchecked_versions (then they are written as given).
  result<batch_write_report> put_all(std::span<const T> values, batch_write_options options = {}) const {
    return typed_.put_all(values, with_version_check(std::move(options)));
  }

 private:
  static std::string default_attribute() {
    if constexpr (declares_version<T>) {
      return std::string(std::string_view(T::version_attribute));
    } else {
      return "version";
    }
  }

  result<versioned_value<T>> versioned_of(item i) const {
    auto version = detail::version_in(i, attribute_);
    if (!version) return std::unexpected(version.error());
    auto value = detail::value_of<T>(std::move(i));
    if (!value) return std::unexpected(value.error());
    return versioned_value<T>{std::move(*value), *version};
  }

  /// `condition` (the caller's, possibly empty) and the version being `expected`.
  expr::condition at_version(expr::condition condition, std::int64_t expected) const {
    return std::move(condition) && detail::version_is(attribute_, expected);
  }

  result<void> put_item(const item& value, std::int64_t expected, write_options options) const {
    options.condition = at_version(std::move(options.condition), expected);
    options.old_item_on_condition_failure = true;
    return items_.put(value, options);
  }

  result<item> versioned_item(const T& value, std::int64_t expected) const {
    if (auto ok = detail::check_expected_version(expected); !ok) return std::unexpected(ok.error());
    auto as_item = detail::item_of(value);
    if (!as_item) return std::unexpected(as_item.error());
    return detail::with_version(std::move(*as_item), attribute_, expected + 1);
  }

  /// `change` plus SET version = expected + 1; `condition` joined with version == expected.
  result<expr::update> versioned_change(const expr::update& change, std::int64_t expected,
                                        expr::condition& condition) const {
    if (auto ok = detail::check_expected_version(expected); !ok) return std::unexpected(ok.error());
    if (expected == 0) {
      return std::unexpected(error::validation("expected_version", "an update needs an existing item (version >= 1)"));
    }
    condition = at_version(std::move(condition), expected);
    expr::update next = change;
    next.set(expr::path::attribute(attribute_), number(expected + 1));
    return next;
  }

  batch_write_options with_version_check(batch_write_options options) const {
    if (options.unchecked_versions || options.check_put) return options;
    options.check_put = [attribute = attribute_](std::string_view, const item& value) -> result<void> {
      if (!value.contains(attribute)) return {};
      return std::unexpected(error::validation(attribute, "a batch write cannot check versions: use put() per item, "
                                                          "or batch_write_options::unchecked_versions"));
    };
    return options;
  }

  table<T> typed_;
  table<item> items_;  // the same table, for writes that add the version to the item
  std::string attribute_;
};

}  // namespace ddbkit

#pragma once
// What table<T> reads and writes: T, a page of T, and the conversions between T and items.
#include <ddbkit/model/query.hpp>
#include <ddbkit/table/batch_get.hpp>
#include <ddbkit/value/typed_item.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include <concepts>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ddbkit {

/// What a table can hold: a plain `item`, or a type that maps to one (typed_item.hpp).
template <class T>
concept table_item = std::same_as<T, item> || attribute_mappable<T>;

/// One page of a Query or Scan.
template <class T>
struct page {
  std::vector<T> items;
  /// Items returned (after the filter); scanned_count: items read (before it).
  int count = 0;
  int scanned_count = 0;
  /// Where the next page starts; empty on the last page.
  std::optional<item> last_evaluated_key;
  std::optional<ddbkit::consumed_capacity> consumed_capacity;
};

namespace detail {

template <table_item T>
result<item> item_of(const T& value) {
  if constexpr (std::same_as<T, item>) {
    return value;
  } else {
    return to_item(value);
  }
}

template <table_item T>
result<T> value_of(item i) {
  if constexpr (std::same_as<T, item>) {
    return i;
  } else {
    return from_item<T>(i);
  }
}

template <table_item T>
result<std::optional<T>> maybe_value_of(std::optional<item> i) {
  if (!i) return std::optional<T>();
  auto v = value_of<T>(std::move(*i));
  if (!v) return std::unexpected(v.error());
  return std::optional<T>(std::move(*v));
}

template <table_item T>
result<page<T>> page_of(page_output out) {
  page<T> p{.items = {},
            .count = out.count,
            .scanned_count = out.scanned_count,
            .last_evaluated_key = std::move(out.last_evaluated_key),
            .consumed_capacity = std::move(out.consumed_capacity)};
  p.items.reserve(out.items.size());
  for (std::size_t i = 0; i < out.items.size(); ++i) {
    auto v = value_of<T>(std::move(out.items[i]));
    if (!v) {
      error e = v.error();
      return std::unexpected(error(e.code(), "Items[" + std::to_string(i) + "]." + std::string(e.message())));
    }
    p.items.push_back(std::move(*v));
  }
  return p;
}

/// A batch read's items (answering `keys`) converted to T; an item that does not fit T joins not_read with
/// its `serialization` error.
template <table_item T>
result<batch_get_result<T>> typed_batch(batch_get_result<item> got, std::span<const key> keys) {
  if constexpr (std::same_as<T, item>) {
    return got;
  } else {
    batch_get_result<T> out{.items = {}, .not_read = std::move(got.not_read), .requests = got.requests,
                            .capacity_units = got.capacity_units};
    out.items.reserve(got.items.size());
    for (std::size_t i = 0; i < got.items.size(); ++i) {
      auto v = maybe_value_of<T>(std::move(got.items[i]));
      if (!v) {
        out.items.emplace_back();
        out.not_read.push_back({.index = i, .key = keys[i], .reason = v.error()});
      } else {
        out.items.push_back(std::move(*v));
      }
    }
    return out;
  }
}

/// A completion handler for a client call: converts the call's result with `convert`
/// (Value → result<Out>) and completes `handler`, keeping its executor and cancellation
/// slot (default executor: `fallback`).
template <class Value, class Out, class Handler, class Convert>
auto converting(Handler handler, const boost::asio::any_io_executor& fallback, Convert convert) {
  auto executor = boost::asio::get_associated_executor(handler, fallback);
  auto slot = boost::asio::get_associated_cancellation_slot(handler);
  return boost::asio::bind_cancellation_slot(
      slot, boost::asio::bind_executor(executor, [h = std::move(handler), convert = std::move(convert)](
                                                     result<Value> r) mutable {
        if (!r) {
          std::move(h)(result<Out>(std::unexpected(std::move(r.error()))));
        } else {
          std::move(h)(result<Out>(convert(std::move(*r))));
        }
      }));
}

/// Completes `handler` with `e`, never inside the initiation (through `via`, then on the
/// handler's executor).
template <class Out, class Handler>
void fail_later(const boost::asio::any_io_executor& via, Handler handler, error e) {
  boost::asio::post(via, [via, h = std::move(handler), e = std::move(e)]() mutable {
    auto ex = boost::asio::get_associated_executor(h, via);
    boost::asio::dispatch(ex, [h = std::move(h), e = std::move(e)]() mutable {
      std::move(h)(result<Out>(std::unexpected(std::move(e))));
    });
  });
}

}  // namespace detail

}  // namespace ddbkit

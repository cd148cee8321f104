#pragma once
// A paginated Query or Scan in terms of T: item by item, page by page, blocking or async.
#include <ddbkit/table/page.hpp>
#include <ddbkit/table/page_reader.hpp>
#include <ddbkit/table/process_parallel.hpp>

#include <boost/asio/async_result.hpp>

#include <cstddef>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace ddbkit {

namespace detail {

/// An input range over the values `step()` yields (result<std::optional<Value>>): it ends
/// at nullopt, or right after yielding an error.
template <class Value, class Step>
class result_range {
 public:
  explicit result_range(Step step) : step_(std::move(step)) {}

  class iterator {
   public:
    using value_type = result<Value>;
    using reference = result<Value>&;
    using difference_type = std::ptrdiff_t;
    using iterator_concept = std::input_iterator_tag;

    iterator() = default;
    explicit iterator(Step* step) : step_(step) { advance(); }
    reference operator*() const { return *current_; }
    iterator& operator++() {
      if (current_ && !current_->has_value()) {
        current_.reset();  // an error ends the range
      } else {
        advance();
      }
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& it, std::default_sentinel_t) { return !it.current_; }

   private:
    void advance() {
      auto next = (*step_)();
      if (!next) {
        current_.emplace(std::unexpected(std::move(next.error())));
      } else if (!*next) {
        current_.reset();
      } else {
        current_.emplace(std::move(**next));
      }
    }
    Step* step_ = nullptr;
    mutable std::optional<result<Value>> current_;
  };

  iterator begin() { return iterator(&step_); }
  std::default_sentinel_t end() const { return {}; }

 private:
  Step step_;
};

/// The step of a result_range over `Self`'s reads: `(self->*Next)()`.
template <class Self, auto Next>
struct member_step {
  Self* self;
  auto operator()() { return (self->*Next)(); }
};

/// The same over a reader the range owns: `for (auto& x : table.query(q).items())` reads
/// from a temporary reader, which lives as long as the range.
template <class Self, auto Next>
struct owning_step {
  Self self;
  auto operator()() { return (self.*Next)(); }
};

}  // namespace detail

/// One Query or Scan of a table<T>, read as it is consumed. Made by table<T>::query() and
/// scan(); nothing is sent before the first read.
///
/// Blocking: `next()` (an item), `next_page()`, `collect(n)`, and the input ranges
/// `items()` and `pages()`, whose elements are result<T> / result<page<T>>: a failure is
/// the last element. Async: `co_await r.async_next_page(asio::use_awaitable)`.
///
/// `position()` is a cursor after the last item handed out — also in the middle of a page
/// (a limit, a `break`, collect(n)) — so a read resumed from it skips nothing and repeats
/// nothing. A failed read leaves the position where it was: calling again retries it.
/// Errors: those of Query/Scan, `validation` before sending (see table_requests.hpp; a
/// cursor of another read), `serialization` for an item that does not fit T (the message
/// names the attribute; the position is past that item).
///
/// Lifetime: the client must outlive the reader. Thread safety: one call at a time (a
/// prefetch in the background is handled inside); a regular move-only value otherwise.
template <table_item T>
class reader {
 public:
  explicit reader(std::shared_ptr<detail::page_reader> engine) : engine_(std::move(engine)) {}

  /// The next item; nullopt at the end.
  result<std::optional<T>> next() {
    for (;;) {
      auto slice = engine_->next(1);
      if (!slice) return std::unexpected(std::move(slice.error()));
      if (!*slice) return std::optional<T>();
      if ((*slice)->items.empty()) continue;  // a page the filter emptied
      auto value = detail::value_of<T>(std::move((*slice)->items.front()));
      if (!value) return std::unexpected(std::move(value.error()));
      return std::optional<T>(std::move(*value));
    }
  }

  /// The rest of the current page, or the next page (also an empty one, which carries its
  /// count and scanned_count); nullopt at the end. A page handed out in parts carries
  /// DynamoDB's counts and consumed capacity in its first part.
  result<std::optional<page<T>>> next_page() { return convert_page(engine_->next()); }

  /// Up to `n` more items: stops reading once it has them (the position is after the last).
  result<std::vector<T>> collect(std::size_t n = std::numeric_limits<std::size_t>::max()) {
    std::vector<T> out;
    while (out.size() < n) {
      auto slice = engine_->next(n - out.size());
      if (!slice) return std::unexpected(std::move(slice.error()));
      if (!*slice) break;
      for (auto& i : (*slice)->items) {
        auto value = detail::value_of<T>(std::move(i));
        if (!value) return std::unexpected(std::move(value.error()));
        out.push_back(std::move(*value));
      }
    }
    return out;
  }

  /// Reads the remaining pages one after another and runs `fn(std::vector<T>)`, which
  /// returns result<std::vector<R>>, on `concurrency` threads at once. The reading waits
  /// while `concurrency` pages wait for a thread, so memory stays bounded. The first error
  /// (of a read or of fn) stops the reading and the start of new work, and is returned
  /// once the work already running has finished. The results come in page order with
  /// `keep_order`, else in the order the pages were done. fn must not throw.
  template <class Fn>
  auto process_parallel(std::size_t concurrency, Fn fn, bool keep_order = false) {
    using R = typename std::invoke_result_t<Fn&, std::vector<T>>::value_type::value_type;
    auto next_items = [this]() -> result<std::optional<std::vector<T>>> {
      auto p = next_page();
      if (!p) return std::unexpected(std::move(p.error()));
      if (!*p) return std::optional<std::vector<T>>();
      return std::optional<std::vector<T>>(std::move((*p)->items));
    };
    return detail::process_pages<T, R>(next_items, concurrency, std::move(fn), keep_order);
  }

  /// The items, one by one (a blocking input range). On a temporary reader the range owns
  /// it (a range-for over `table.query(q).items()` is safe).
  auto items() & { return detail::result_range<T, detail::member_step<reader, &reader::next>>({this}); }
  auto items() && {
    return detail::result_range<T, detail::owning_step<reader, &reader::next>>({std::move(*this)});
  }
  /// The pages (a blocking input range); owning on a temporary, as items().
  auto pages() & { return detail::result_range<page<T>, detail::member_step<reader, &reader::next_page>>({this}); }
  auto pages() && {
    return detail::result_range<page<T>, detail::owning_step<reader, &reader::next_page>>({std::move(*this)});
  }

  /// As next_page(), for any Asio completion token; completion signature
  /// `void(result<std::optional<page<T>>>)`, never inside this call.
  template <class Token>
  auto async_next_page(Token&& token) {
    using out_type = result<std::optional<page<T>>>;
    return boost::asio::async_initiate<Token, void(out_type)>(
        [](auto handler, std::shared_ptr<detail::page_reader> engine) {
          auto via = engine->get_executor();
          engine->async_next(std::numeric_limits<std::size_t>::max(),
                             detail::converting<std::optional<page_output>, std::optional<page<T>>>(
                                 std::move(handler), via, [](std::optional<page_output> raw) {
                                   return convert_page(std::move(raw));
                                 }));
        },
        token, engine_);
  }

  /// Where a read resumed with `read_options::resume` continues this one; nullopt once
  /// everything was handed out.
  std::optional<cursor> position() const { return engine_->position(); }
  /// Counts and capacity of the pages read so far.
  read_totals totals() const { return engine_->totals(); }

 private:
  static result<std::optional<page<T>>> convert_page(result<std::optional<page_output>> raw) {
    if (!raw) return std::unexpected(std::move(raw.error()));
    return convert_page(std::move(*raw));
  }
  static result<std::optional<page<T>>> convert_page(std::optional<page_output> raw) {
    if (!raw) return std::optional<page<T>>();
    auto converted = detail::page_of<T>(std::move(*raw));
    if (!converted) return std::unexpected(std::move(converted.error()));
    return std::optional<page<T>>(std::move(*converted));
  }

  std::shared_ptr<detail::page_reader> engine_;
};

}  // namespace ddbkit

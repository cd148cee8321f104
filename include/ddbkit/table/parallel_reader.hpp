#pragma once
// A parallel Scan in terms of T, pulled by one consumer (table<T>::scan_segments()).
#include <ddbkit/table/page.hpp>
#include <ddbkit/table/parallel_scan.hpp>
#include <ddbkit/table/reader.hpp>

#include <deque>
#include <memory>
#include <optional>

namespace ddbkit {

/// The items of a parallel Scan, as the segments deliver them (no order across segments).
/// Reading runs ahead of the consumer by at most parallel_scan_options::buffered_pages
/// pages: a consumer that stops pulling stops the reading. Errors: those of Scan (the
/// first one ends the read; pages in flight are dropped), `validation` before sending,
/// `serialization` for an item that does not fit T.
///
/// Lifetime: the client must outlive the reader; destroying it stops the reading.
/// Thread safety: one consumer at a time.
template <table_item T>
class parallel_reader {
 public:
  explicit parallel_reader(std::shared_ptr<detail::segment_pages> engine) : engine_(std::move(engine)) {}

  /// The next page of any segment; nullopt at the end.
  result<std::optional<page<T>>> next_page() {
    if (!buffered_.empty()) {
      page<T> rest;
      rest.items.assign(std::make_move_iterator(buffered_.begin()), std::make_move_iterator(buffered_.end()));
      rest.count = static_cast<int>(rest.items.size());
      buffered_.clear();
      return std::optional<page<T>>(std::move(rest));
    }
    auto raw = engine_->next();
    if (!raw) return std::unexpected(std::move(raw.error()));
    if (!*raw) return std::optional<page<T>>();
    auto converted = detail::page_of<T>(std::move(**raw));
    if (!converted) {
      engine_->stop();
      return std::unexpected(std::move(converted.error()));
    }
    return std::optional<page<T>>(std::move(*converted));
  }

  /// The next item; nullopt at the end.
  result<std::optional<T>> next() {
    while (buffered_.empty()) {
      auto p = next_page();
      if (!p) return std::unexpected(std::move(p.error()));
      if (!*p) return std::optional<T>();
      buffered_.assign(std::make_move_iterator((*p)->items.begin()), std::make_move_iterator((*p)->items.end()));
    }
    T out = std::move(buffered_.front());
    buffered_.pop_front();
    return std::optional<T>(std::move(out));
  }

  /// The items and the pages as blocking input ranges; on a temporary reader the range owns
  /// it (as reader<T>::items()).
  auto items() & { return detail::result_range<T, detail::member_step<parallel_reader, &parallel_reader::next>>({this}); }
  auto items() && {
    return detail::result_range<T, detail::owning_step<parallel_reader, &parallel_reader::next>>({std::move(*this)});
  }
  auto pages() & {
    return detail::result_range<page<T>, detail::member_step<parallel_reader, &parallel_reader::next_page>>({this});
  }
  auto pages() && {
    return detail::result_range<page<T>, detail::owning_step<parallel_reader, &parallel_reader::next_page>>(
        {std::move(*this)});
  }

  /// Stops the reading (the segments' requests in flight complete and are dropped).
  void stop() { engine_->stop(); }
  read_totals totals() const { return engine_->totals(); }

 private:
  std::shared_ptr<detail::segment_pages> engine_;
  std::deque<T> buffered_;
};

}  // namespace ddbkit

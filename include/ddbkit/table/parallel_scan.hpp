#pragma once
// A parallel Scan: the table read as N segments at once, its pages handed to one consumer
// through a bounded buffer. A slow consumer stops the reading, so memory stays bounded by
// the buffer, whatever the table's size.
#include <ddbkit/table/page_reader.hpp>

#include <cstddef>
#include <memory>
#include <optional>

namespace ddbkit {

struct parallel_scan_options {
  /// TotalSegments: the table is read as this many disjoint parts (1..1,000,000).
  int total_segments = 4;
  /// Segments read at once (requests in flight at most).
  std::size_t concurrency = 4;
  /// Pages fetched ahead of the consumer at most, requests in flight included; zero: as
  /// many as `concurrency`. Memory stays within about this many pages (1 MB each, or
  /// page_size items).
  std::size_t buffered_pages = 0;
};

namespace detail {

/// The engine under table<T>::scan_parallel() and scan_segments(): pages of any segment,
/// in the order they arrive. The first error is handed out once; no page is fetched after
/// it. Shared with the requests in flight.
class segment_pages {
 public:
  static std::shared_ptr<segment_pages> start(client& c, table_ref table, scan_request request,
                                              parallel_scan_options options);

  /// The next page of any segment (blocking); nullopt when every segment is read (or
  /// after an error or stop()).
  result<std::optional<page_output>> next();
  /// Stops: nothing more is fetched. Pages in flight complete and are dropped.
  void stop();
  read_totals totals() const;

  struct state;
  explicit segment_pages(std::shared_ptr<state> s);
  ~segment_pages();

 private:
  std::shared_ptr<state> state_;
};

}  // namespace detail
}  // namespace ddbkit
